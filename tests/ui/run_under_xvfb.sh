#!/usr/bin/env bash
# Runs a UI test binary the way CI sees the studio: X11 under Xvfb, Qt Quick on Vulkan through
# Mesa's lavapipe (studio.md §1). With a DISPLAY already set, runs on it directly.
set -euo pipefail
export QT_QPA_PLATFORM=xcb
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -z "${VK_ICD_FILENAMES:-}" ] &&
   [ -f /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] && [ -z "${LIVEFRAME_GPU:-}" ]; then
  export VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.x86_64.json
fi
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  XDG_RUNTIME_DIR="$(mktemp -d)"
  export XDG_RUNTIME_DIR
  trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
fi
# Listing tests needs no display.
for arg in "$@"; do
  if [ "$arg" = "--gtest_list_tests" ]; then exec "$@"; fi
done
status=0
if [ -n "${DISPLAY:-}" ]; then
  "$@" || status=$?
else
  xvfb-run -a -s "-screen 0 1280x800x24" "$@" || status=$?
fi
exit "$status"
