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
#   hls-audio/ HLS fMP4, video-only renditions plus two alternate audio renditions (English: the
#              440 Hz beeps; German: a lower, steady 220 Hz tone) and media/captions as SUBTITLES
#   dash-audio/ DASH with the same two audio languages as separate adaptation sets
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

# Two audio languages as alternate renditions: the video renditions carry no audio, each language
# is its own playlist / adaptation set, so a player switches language without touching video.
audio_samples() {
  ff -f lavfi -i "sine=frequency=220:sample_rate=48000:duration=$duration" \
     -c:a aac -b:a 32k -ac 1 "$tmp/audio-de.m4a"
  local langs=(-metadata:s:a:0 language=eng -metadata:s:a:1 language=ger)
  rm -rf "$out/hls-audio" "$out/dash-audio"
  mkdir -p "$out/hls-audio" "$out/dash-audio"
  ff "${inputs[@]}" -i "$tmp/audio-de.m4a" -map 0:v -map 1:v -map 2:a -map 3:a -c copy "${langs[@]}" \
     -f hls -hls_time "$segment_seconds" -hls_playlist_type vod -hls_segment_type fmp4 \
     -hls_fmp4_init_filename init.mp4 -hls_segment_filename "$out/hls-audio/%v/seg-%05d.m4s" \
     -var_stream_map "v:0,name:360p v:1,name:180p a:0,name:audio-en a:1,name:audio-de" \
     "$out/hls-audio/%v/index.m3u8"
  for r in 360p 180p audio-en audio-de; do
    mv "$out"/hls-audio/$r/init_*.mp4 "$out/hls-audio/$r/init.mp4"
    sed -i 's/URI="init_[0-9]*\.mp4"/URI="init.mp4"/' "$out/hls-audio/$r/index.m3u8"
  done
  for lang in en de; do # one-segment WebVTT playlists over media/captions
    printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:%d\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:%d.000,\n../captions/%s.vtt\n#EXT-X-ENDLIST\n' \
      "$duration" "$duration" "$lang" >"$out/hls-audio/subs-$lang.m3u8"
  done
  local peak avg audio_peak
  read -r audio_peak _ < <(rates "$out/hls-audio/audio-en")
  {
    echo "#EXTM3U"
    echo "#EXT-X-VERSION:7"
    echo "#EXT-X-INDEPENDENT-SEGMENTS"
    echo '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio-en/index.m3u8"'
    echo '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="de",NAME="Deutsch",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="1",URI="audio-de/index.m3u8"'
    echo '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English",DEFAULT=NO,AUTOSELECT=YES,URI="subs-en.m3u8"'
    echo '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="de",NAME="Deutsch",DEFAULT=NO,AUTOSELECT=YES,URI="subs-de.m3u8"'
    for r in 360p:640x360 180p:320x180; do
      read -r peak avg < <(rates "$out/hls-audio/${r%%:*}")
      echo "#EXT-X-STREAM-INF:BANDWIDTH=$((peak + audio_peak)),AVERAGE-BANDWIDTH=$((avg + audio_peak)),CODECS=\"avc1.4d401e,mp4a.40.2\",RESOLUTION=${r#*:},FRAME-RATE=$fps.000,AUDIO=\"aud\",SUBTITLES=\"subs\""
      echo "${r%%:*}/index.m3u8"
    done
  } >"$out/hls-audio/master.m3u8"
  (cd "$out/dash-audio" && ff "${inputs[@]}" -i "$tmp/audio-de.m4a" -map 0:v -map 1:v -map 2:a -map 3:a -c copy "${langs[@]}" \
     -f dash -seg_duration "$segment_seconds" -use_template 1 -use_timeline 0 \
     -adaptation_sets "id=0,streams=v id=1,streams=2 id=2,streams=3" \
     -init_seg_name 'init-$RepresentationID$.m4s' -media_seg_name 'chunk-$RepresentationID$-$Number%05d$.m4s' \
     manifest.mpd)
  # The MP4 headers need ISO 639-2 codes; the MPD's lang is BCP 47, where en / de is the usual form.
  sed -i 's/lang="eng"/lang="en"/; s/lang="ger"/lang="de"/' "$out/dash-audio/manifest.mpd"
}
audio_samples
echo "make-samples: done"
