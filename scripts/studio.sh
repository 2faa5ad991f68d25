#!/usr/bin/env bash
# Installs dependencies, builds Liveframe (release) and starts streaming the built-in model.
# Extra arguments go to `liveframe run`. Usage: bash scripts/studio.sh [--prompt "..."]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
cmake --preset release
cmake --build --preset release --parallel "$(nproc)"

weights=resources/models/sketch/sketch.safetensors
model_args=()
if [ ! -f "$weights" ]; then
  echo "studio: no trained weights at $weights yet; streaming the architecture at random weights"
  model_args=(--random-weights)
fi
if [ "$#" -eq 0 ]; then
  set -- --prompt "a red ball bouncing over the ocean at sunset" --seconds 30
fi
exec build/release/app/liveframe run "${model_args[@]}" "$@"
