#!/usr/bin/env bash
# Installs every Debian 12 package Liveframe needs to build, test and run.
# Idempotent and non-interactive: packages already present are skipped by apt.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git
  # engine: libtorch (CPU) + a fast BLAS (reference BLAS is ~20x slower)
  libtorch-dev libopenblas0-openmp libopenblas-dev
  # formats and CLI
  nlohmann-json3-dev libcli11-dev libzstd-dev libxxhash-dev
  # color, video and image files
  libopencolorio-dev opencolorio-tools libavcodec-dev libavformat-dev libavutil-dev
  libswscale-dev libopenexr-dev libpng-dev ffmpeg
  # Vulkan + software rasterizer
  libvulkan-dev mesa-vulkan-drivers vulkan-tools vulkan-validationlayers glslang-dev
  glslang-tools spirv-tools desktop-file-utils
  # Qt Quick
  qt6-base-dev qt6-declarative-dev qt6-shadertools-dev qml6-module-qtquick
  qml6-module-qtquick-controls qml6-module-qtquick-layouts qml6-module-qtquick-window
  qml6-module-qtqml-workerscript qml6-module-qtquick-templates qml6-module-qtquick-dialogs
  qt6-qpa-plugins libgl-dev
  # tests
  libgtest-dev libgmock-dev xvfb xauth
  # real models (Wan tokenizer)
  libsentencepiece-dev
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
