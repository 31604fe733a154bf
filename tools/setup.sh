#!/usr/bin/env bash
# Installs what the pipeline needs on a fresh Debian machine: OpenCV's native dependencies (apt, when root),
# the ffmpeg command (tests and benchmarks encode H.264/HEVC clips like phones record; OpenCV's bundled FFmpeg
# decodes them but cannot encode them; the video reader decodes through it where it is installed) and Azurite
# (npm, into tools/node_modules). With --with-reference also python3-opencv, for the reference-method row of
# `exercise bench` (tools/reference_preprocess.py). Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")"

native_packages=(libgtk-3-0 libdrm2 libatomic1 ffmpeg)
[[ "${1:-}" == "--with-reference" ]] && native_packages+=(python3-opencv)
missing=()
for package in "${native_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

if [[ ! -x node_modules/.bin/azurite && -f package.json ]]; then
  npm install --no-audit --no-fund --loglevel=error
fi
