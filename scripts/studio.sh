#!/usr/bin/env bash
# Installs dependencies, builds Liveframe (release) and opens liveframe-studio streaming the
# built-in model. Extra arguments go to liveframe-studio (see `--help`), e.g.
#   bash scripts/studio.sh --prompt "snowy hills at night with an aurora"
# Without a display (a server, CI) it runs the studio under Xvfb and saves a screenshot
# instead, which shows that the whole path works.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
cmake --preset release
cmake --build --preset release --parallel "$(nproc)"

studio=build/release/app/liveframe-studio
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$studio" "$@"
fi
shot="${LIVEFRAME_SCREENSHOT:-$PWD/build/release/studio-screenshot.png}"
echo "studio: no display here; running it under Xvfb (Vulkan on lavapipe) and saving $shot"
export QT_QPA_PLATFORM=xcb
if [ -f /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] && [ -z "${VK_DRIVER_FILES:-}" ]; then
  export VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
exec xvfb-run -a -s "-screen 0 1280x800x24" "$studio" --screenshot "$shot" --after-frames 96 "$@"
