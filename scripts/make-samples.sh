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
set -euo pipefail

duration=40
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/media"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "make-samples: unknown argument '$1' (use --duration SECONDS, --out DIR)" >&2; exit 2 ;;
  esac
done
if ! [[ "$duration" =~ ^[0-9]+$ ]] || (( duration < 4 || duration % 2 != 0 )); then
  echo "make-samples: --duration must be an even number of seconds >= 4, got '$duration'" >&2
  exit 2
fi
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
rm -rf "$out/hls-ts" "$out/hls-fmp4" "$out/dash" "$out/hls-hevc"
mkdir -p "$out/hls-ts" "$out/hls-fmp4" "$out/dash" "$out/hls-hevc"

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

echo "make-samples: done"
