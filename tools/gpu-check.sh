#!/usr/bin/env bash
# One prepared GPU check (issue 15, item 5): two-stream I3D latency at T=64 on CUDA, the whole `classify` of a
# 5-s 1080p HEVC portrait clip, and the CPU fallback (the same with --device Cpu). Writes everything to OUT.
#
# Needs: an NVIDIA driver, the .NET 10 SDK and the NuGet packages (restored here or reachable), ffmpeg
# (tools/setup.sh), CUDA 13 + cuDNN 9 libraries on the loader path (the Dockerfile's cuda stage installs exactly
# those). Run from the repository root:
#
#   OUT=/tmp/gpu-check bash tools/gpu-check.sh
#
# The lent device machine (see the report in docs/performance.md) has no .NET and no network, and the CUDA build
# of ONNX Runtime (~540 MB) exceeds what a run may carry, so there this script must be given a machine image
# that already holds the SDK and packages.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-/tmp/gpu-check}
mkdir -p "$out"
exec > >(tee "$out/gpu-check.log") 2>&1

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "nvidia-smi: no GPU visible"
command -v ffmpeg >/dev/null || { echo "ffmpeg missing: bash tools/setup.sh" >&2; exit 1; }

# The CUDA build of ONNX Runtime replaces the CPU one (never both: they ship the same libonnxruntime.so).
dotnet build -c Release -p:InferenceDevice=cuda src/ExerciseFunctions.Cli -o "$out/cli" -v quiet
exercise() { dotnet "$out/cli/exercise.dll" "$@"; }

# 1. I3D per stream at T=64 (and 140) on CUDA; the rows say which device ran (I3D RGB (Cuda) / (Cpu) on fallback).
exercise bench --stage Inference --device Cuda --json "$out/inference-cuda.json" --markdown "$out/inference-cuda.md"
# CPU fallback, same binary: the CUDA build runs on the CPU at full speed when asked to.
exercise bench --stage Inference --device Cpu --json "$out/inference-cpu.json" --markdown "$out/inference-cpu.md"

# 2. The whole classify of a 5-s 1080p HEVC portrait clip (rotation-tagged, as phones record), 3 runs each.
exercise synth --out "$out/clip" --per-class 1 --classes bw-squat_correct --sizes 1920x1080 --portrait-share 1 \
  --min-seconds 5 --max-seconds 5 --codec Hevc
clip=$(ls "$out"/clip/*.mp4 | head -n 1)
devices=(Cpu)
if exercise classify --help | grep -q -- '--device'; then devices=(Cuda Cpu); fi
for device in "${devices[@]}"; do
  for run in 1 2 3; do
    args=(classify "$clip" --json)
    [[ ${#devices[@]} -gt 1 ]] && args+=(--device "$device")
    /usr/bin/time -f "classify $device run $run: %e s wall, %M KB peak RSS" dotnet "$out/cli/exercise.dll" "${args[@]}" \
      > "$out/classify-$device-$run.json"
  done
done
[[ ${#devices[@]} -gt 1 ]] || echo "classify has no --device option yet: only the CPU runs were made"
echo "done: $out"
