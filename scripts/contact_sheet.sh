#!/usr/bin/env bash
# A contact sheet (frames over time, one PNG) of a prompt switch in the built-in model:
#   scripts/contact_sheet.sh OUT.png "first prompt" "second prompt" [switch_s=2] [total_s=5]
# Streams the model with `liveframe run --script` (deterministic: seed 1, frames not wall
# time), exports the recording as PNGs with `liveframe export`, and tiles every 6th frame,
# 2 rows x 8 columns (0.25 s apart at 24 fps), each labelled with its frame number.
# Needs a build (LIVEFRAME, default build/release/app/liveframe) and the ffmpeg CLI; MODEL picks
# the weights (default: the shipped sketch model).
set -euo pipefail
out="$1" first="$2" second="$3" switch_s="${4:-2}" total_s="${5:-5}"
liveframe="${LIVEFRAME:-build/release/app/liveframe}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

printf '0 %s\n%s %s\n' "$first" "$switch_s" "$second" > "$work/switch.script"
frames=$(awk -v s="$total_s" 'BEGIN { printf "%d", s * 24 }')
"$liveframe" run --model "${MODEL:-sketch}" --script "$work/switch.script" --frames "$frames" --fps 0 --quiet \
  --record "$work/take.lfsession" > /dev/null
"$liveframe" export "$work/take.lfsession" -o "$work/f.png" --no-provenance -q > /dev/null
# Every 6th frame, 16 tiles, each stamped with its frame number.
ffmpeg -loglevel error -y -framerate 24 -i "$work/f.%05d.png" -vf \
  "select='not(mod(n\,6))',drawtext=text='frame %{eif\:n*6\:d}':x=6:y=6:fontsize=18:fontcolor=white:box=1:boxcolor=black@0.5,tile=8x2:padding=4:color=0x141518" \
  -frames:v 1 "$out"
echo "contact sheet: $out ($first -> $second at ${switch_s} s)"
