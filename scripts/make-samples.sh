#!/usr/bin/env bash
# Regenerates the sample streams in media/ (committed) from ffmpeg's synthetic sources.
#
#   scripts/make-samples.sh [--duration SECONDS] [--out DIR]
#
# Defaults: 40 s into <repo>/media. The benchmark makes a longer stream elsewhere, e.g.
#   scripts/make-samples.sh --duration 300 --out .cache/media-long
#
# Encodes once (two H.264 video renditions + one AAC-LC audio track, key frames forced every
# 2 s), then only remuxes (-c copy) into each format, so every format carries the same frames:
#   hls-ts/    HLS, MPEG-TS segments, audio muxed into each rendition
#   hls-fmp4/  HLS, fMP4 segments, audio muxed into each rendition
#   dash/      DASH, SegmentTemplate with $Number$, video and audio adaptation sets
#   hls-hevc/  a master playlist declaring HEVC for hls-ts's media playlists (to test the
#              "unsupported codec" error: Chromium here has no HEVC)
#   dash-audio/ DASH: dash/'s video and audio (English, the 440 Hz beeps) plus a German audio
#              adaptation set (a steady 220 Hz tone); only the German segments live here
#   hls-audio/ HLS fMP4 over the same segments: video-only renditions, the two languages as
#              alternate audio renditions, media/captions as SUBTITLES (playlists only)
#
#   scripts/make-samples.sh --only audio   writes hls-audio/ and dash-audio/ only (leaves the others,
#                                          whose bytes tests and the benchmark count, untouched)
set -euo pipefail

duration=40
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/media"
only=all
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "make-samples: unknown argument '$1' (use --duration SECONDS, --out DIR, --only audio)" >&2; exit 2 ;;
  esac
done
if ! [[ "$duration" =~ ^[0-9]+$ ]] || (( duration < 4 || duration % 2 != 0 )); then
  echo "make-samples: --duration must be an even number of seconds >= 4, got '$duration'" >&2
  exit 2
fi
[[ "$only" == all || "$only" == audio ]] || { echo "make-samples: --only takes 'audio', got '$only'" >&2; exit 2; }
command -v ffmpeg >/dev/null || { echo "make-samples: ffmpeg not found (apt-get install -y ffmpeg)" >&2; exit 1; }

segment_seconds=2
fps=30
gop=$((segment_seconds * fps))
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

# A visible running clock and frame counter, so a viewer can tell where it is and which rendition plays.
font=/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf
label() { # label NAME FONTSIZE
  if [[ -f "$font" ]]; then
    echo ",drawtext=fontfile=$font:fontsize=$2:fontcolor=white:box=1:boxcolor=black@0.6:x=8:y=h-th-8:text='$1  %{pts\\:hms}  frame %{n}'"
  fi
}

x264=(-c:v libx264 -preset fast -profile:v main -level 3.0 -pix_fmt yuv420p
  -g "$gop" -keyint_min "$gop" -sc_threshold 0 -force_key_frames "expr:gte(t,n_forced*$segment_seconds)")

echo "make-samples: encoding ${duration}s into $out"
ff -f lavfi -i "testsrc2=size=640x360:rate=$fps:duration=$duration" \
   -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=$duration" \
   -filter_complex "[0:v]split=2[a][b];[a]null$(label 360p 22)[v360];[b]scale=320:180$(label 180p 12)[v180]" \
   -map '[v360]' "${x264[@]}" -b:v 300k -maxrate 330k -bufsize 600k -an "$tmp/v360.mp4" \
   -map '[v180]' "${x264[@]}" -b:v 120k -maxrate 132k -bufsize 240k -an "$tmp/v180.mp4" \
   -map 1:a -c:a aac -b:a 32k -ac 1 "$tmp/audio.m4a"

inputs=(-i "$tmp/v360.mp4" -i "$tmp/v180.mp4" -i "$tmp/audio.m4a")

hls() { # hls DIR SEGMENT_TYPE SEGMENT_EXT
  ff "${inputs[@]}" -map 0:v -map 2:a -map 1:v -map 2:a -c copy \
     -f hls -hls_time "$segment_seconds" -hls_playlist_type vod -hls_segment_type "$2" \
     -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$out/$1/%v/seg-%05d.$3" \
     -master_pl_name master.m3u8 -var_stream_map "v:0,a:0,name:360p v:1,a:1,name:180p" \
     "$out/$1/%v/index.m3u8"
}
# Peak and average bit rate of a rendition's segments, in bit/s, for BANDWIDTH / AVERAGE-BANDWIDTH.
rates() { # rates DIR
  local sizes; sizes=$(find "$1" -name 'seg-*' -printf '%s\n')
  awk -v s="$segment_seconds" '{ t += $1; if ($1 > m) m = $1; n++ } END { printf "%d %d\n", m * 8 / s, t * 8 / s / n }' <<<"$sizes"
}

# ffmpeg's master playlist omits CODECS (with -c copy it cannot tell), and players need it to pick
# renditions and to reject unsupported codecs before loading anything: write our own.
master() { # master DIR VIDEO_CODEC VERSION MEDIA_DIR (where the media playlists are, relative to DIR)
  local peak avg
  {
    echo "#EXTM3U"
    echo "#EXT-X-VERSION:$3"
    echo "#EXT-X-INDEPENDENT-SEGMENTS"
    for r in 360p:640x360 180p:320x180; do
      read -r peak avg < <(rates "$out/$1/$4${r%%:*}")
      echo "#EXT-X-STREAM-INF:BANDWIDTH=$peak,AVERAGE-BANDWIDTH=$avg,CODECS=\"$2,mp4a.40.2\",RESOLUTION=${r#*:},FRAME-RATE=$fps.000"
      echo "$4${r%%:*}/index.m3u8"
    done
  } >"$out/$1/master.m3u8"
}

# The main samples (every format from the same frames).
main_samples() {
  rm -rf "$out/hls-ts" "$out/hls-fmp4" "$out/dash" "$out/hls-hevc"
  mkdir -p "$out/hls-ts" "$out/hls-fmp4" "$out/dash" "$out/hls-hevc"

  hls hls-ts mpegts ts
  hls hls-fmp4 fmp4 m4s
  for r in 360p 180p; do # ffmpeg numbers init files per variant (init_0.mp4, init_1.mp4)
    mv "$out"/hls-fmp4/$r/init_*.mp4 "$out/hls-fmp4/$r/init.mp4"
    sed -i 's/URI="init_[0-9]*\.mp4"/URI="init.mp4"/' "$out/hls-fmp4/$r/index.m3u8"
  done
  master hls-ts avc1.4d401e 3 ""
  master hls-fmp4 avc1.4d401e 7 ""
  master hls-hevc hvc1.1.6.L93.B0 3 ../hls-ts/

  (cd "$out/dash" && ff "${inputs[@]}" -map 0:v -map 1:v -map 2:a -c copy \
     -f dash -seg_duration "$segment_seconds" -use_template 1 -use_timeline 0 \
     -adaptation_sets "id=0,streams=v id=1,streams=a" \
     -init_seg_name 'init-$RepresentationID$.m4s' -media_seg_name 'chunk-$RepresentationID$-$Number%05d$.m4s' \
     manifest.mpd)
}
if [[ "$only" == all ]]; then main_samples; fi

# Two audio languages as alternate renditions: the video carries no audio, each language is its own
# playlist / adaptation set, so a player switches language without touching video. Only the German
# audio is new: video and English audio are dash/'s fMP4 segments (HLS fMP4 can point at them), so
# media/ stays small enough to commit.
audio_samples() {
  [[ -f "$out/dash/manifest.mpd" ]] || { echo "make-samples: --only audio needs $out/dash (run without --only first)" >&2; exit 1; }
  rm -rf "$out/hls-audio" "$out/dash-audio"
  mkdir -p "$out/hls-audio" "$out/dash-audio"
  ff -f lavfi -i "sine=frequency=220:sample_rate=48000:duration=$duration" -c:a aac -b:a 32k -ac 1 "$tmp/audio-de.m4a"
  (cd "$out/dash-audio" && ff -i "$tmp/audio-de.m4a" -map 0:a -c copy -f dash -seg_duration "$segment_seconds" \
     -use_template 1 -use_timeline 0 -init_seg_name 'init-de.m4s' -media_seg_name 'chunk-de-$Number%05d$.m4s' "$tmp/de.mpd" \
     && mv "$tmp"/init-de.m4s "$tmp"/chunk-de-*.m4s .)
  local segments=$((duration / segment_seconds)) de_rate
  de_rate=$(find "$out/dash-audio" -name 'chunk-de-*' -printf '%s\n' | awk -v d="$duration" '{ t += $1 } END { printf "%d", t * 8 / d }')
  # DASH: dash/'s manifest with its segments referenced from ../dash/, English named, German added.
  sed -e 's#initialization="init-#initialization="../dash/init-#; s#media="chunk-#media="../dash/chunk-#' \
      -e 's#\(contentType="audio".*\)lang="und"#\1lang="en"#' \
      -e "s#^\t</Period>#\t\t<AdaptationSet id=\"2\" contentType=\"audio\" startWithSAP=\"1\" segmentAlignment=\"true\" lang=\"de\">\n\t\t\t<Representation id=\"de\" mimeType=\"audio/mp4\" codecs=\"mp4a.40.2\" bandwidth=\"$de_rate\" audioSamplingRate=\"48000\">\n\t\t\t\t<AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"1\" />\n\t\t\t\t<SegmentTemplate timescale=\"1000000\" duration=\"2000000\" initialization=\"init-de.m4s\" media=\"chunk-de-\$Number%05d\$.m4s\" startNumber=\"1\">\n\t\t\t\t</SegmentTemplate>\n\t\t\t</Representation>\n\t\t</AdaptationSet>\n\t</Period>#" \
      "$out/dash/manifest.mpd" >"$out/dash-audio/manifest.mpd"
  # HLS: one media playlist per dash/ representation (and the German one), then the master.
  playlist() { # playlist NAME DIR INIT CHUNK_PREFIX
    {
      printf '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:%d\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n' "$segment_seconds"
      printf '#EXT-X-MAP:URI="../%s/%s"\n' "$2" "$3"
      for ((n = 1; n <= segments; n++)); do printf '#EXTINF:%d.000,\n../%s/%s%05d.m4s\n' "$segment_seconds" "$2" "$4" "$n"; done
      echo "#EXT-X-ENDLIST"
    } >"$out/hls-audio/$1.m3u8"
  }
  playlist video-360p dash init-0.m4s chunk-0-
  playlist video-180p dash init-1.m4s chunk-1-
  playlist audio-en dash init-2.m4s chunk-2-
  playlist audio-de dash-audio init-de.m4s chunk-de-
  for lang in en de; do # one-segment WebVTT playlists over media/captions
    printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:%d\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:%d.000,\n../captions/%s.vtt\n#EXT-X-ENDLIST\n' \
      "$duration" "$duration" "$lang" >"$out/hls-audio/subs-$lang.m3u8"
  done
  local peak avg
  {
    echo "#EXTM3U"
    echo "#EXT-X-VERSION:7"
    echo "#EXT-X-INDEPENDENT-SEGMENTS"
    echo '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio-en.m3u8"'
    echo '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="de",NAME="Deutsch",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="1",URI="audio-de.m3u8"'
    echo '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English",DEFAULT=NO,AUTOSELECT=YES,URI="subs-en.m3u8"'
    echo '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="de",NAME="Deutsch",DEFAULT=NO,AUTOSELECT=YES,URI="subs-de.m3u8"'
    for r in 0:360p:640x360 1:180p:320x180; do
      local id=${r%%:*} rest=${r#*:}
      read -r peak avg < <(find "$out/dash" -name "chunk-$id-*" -printf '%s\n' | awk -v s="$segment_seconds" -v a="$de_rate" \
        '{ t += $1; if ($1 > m) m = $1; n++ } END { printf "%d %d\n", m * 8 / s + a, t * 8 / s / n + a }')
      echo "#EXT-X-STREAM-INF:BANDWIDTH=$peak,AVERAGE-BANDWIDTH=$avg,CODECS=\"avc1.4d401e,mp4a.40.2\",RESOLUTION=${rest#*:},FRAME-RATE=$fps.000,AUDIO=\"aud\",SUBTITLES=\"subs\""
      echo "video-${rest%%:*}.m3u8"
    done
  } >"$out/hls-audio/master.m3u8"
}
audio_samples
echo "make-samples: done"
