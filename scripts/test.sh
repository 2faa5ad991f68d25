#!/usr/bin/env bash
# Installs dependencies, builds Liveframe with the CI preset (warnings are errors) and runs
# the whole test suite. Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
cmake --preset ci
cmake --build --preset ci --parallel "$(nproc)"
ctest --preset ci --parallel "$(nproc)"
