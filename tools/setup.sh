#!/usr/bin/env bash
# Installs what the pipeline needs on a fresh Debian machine: OpenCV's native dependencies (apt, when root),
# the ffmpeg command (tests and benchmarks encode H.264/HEVC clips like phones record; OpenCV's bundled FFmpeg
# decodes them but cannot encode them; the video reader decodes through it where it is installed) and Azurite (npm,
# into the user data folder, where `exercise serve`, the demo and the tests look for it: $EXERCISE_HOME, else
# ~/.local/share/ExerciseFunctions). With --with-reference also python3-opencv, for the reference-method row of
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

# The same folder as UserDataDirectory (.NET's local application data on Linux: $XDG_DATA_HOME, else ~/.local/share).
data_home=${EXERCISE_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/ExerciseFunctions}
azurite_home="$data_home/azurite"
if [[ ! -f "$azurite_home/node_modules/azurite/dist/src/azurite.js" ]] || ! cmp -s package.json "$azurite_home/package.json"; then
  mkdir -p "$azurite_home"
  cp package.json "$azurite_home/package.json"
  (cd "$azurite_home" && npm install --no-audit --no-fund --loglevel=error)
fi
