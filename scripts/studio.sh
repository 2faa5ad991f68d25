#!/usr/bin/env bash
# Installs dependencies, builds Liveframe (release) and starts streaming the built-in model.
# Extra arguments go to `liveframe run`. Usage: bash scripts/studio.sh [--prompt "..."]
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
cmake --preset release
cmake --build --preset release --parallel "$(nproc)"

# Until the built-in model's trained weights ship, `liveframe` streams its architecture at
# random weights and says so.
if [ "$#" -eq 0 ]; then
  set -- --prompt "a red ball bouncing over the ocean at sunset" --seconds 30
fi
exec build/release/app/liveframe run "$@"
