#!/usr/bin/env bash
# Installs the Debian 12 packages tile needs (once) and builds it into
# build/. Safe to run again: it only installs what is missing and rebuilds
# what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build gcc clang-22 python3 libzstd-dev
          libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
# The build log keeps every line (warnings of examples that do not compile
# yet included); the console gets its end only when the build fails.
if ! ninja -C build -j"$(nproc)" >build/build.log 2>&1; then
  tail -40 build/build.log
  echo "setup: build failed; the whole log is build/build.log" >&2
  exit 1
fi
echo "setup: built into build/ (log: build/build.log)"
