# syntax=docker/dockerfile:1
# ExerciseFunctions: the Azure Functions app (.NET 10 isolated worker) with ONNX Runtime's CUDA build,
# OpenCV's native dependencies, CUDA 13 + cuDNN 9 and the model files, for Azure Container Apps.
#
#   az acr build --registry <registry> --image exercisefunctions:<tag> .        (infra/deploy.sh does this)
#   docker build --build-arg INFERENCE_DEVICE=cpu -t exercisefunctions:cpu .    (CPU-only, ~3 GB smaller)

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG FUNCTIONS_IMAGE=mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
# What OpenCvSharp's native library (OpenCvSharp4.official.runtime.linux-x64) links against.
ARG OPENCV_NATIVE_DEPS="libgtk-3-0 libdrm2 libatomic1"

# ---- build: publish the function app and generate the model directory ----
FROM ${SDK_IMAGE} AS build
ARG OPENCV_NATIVE_DEPS
RUN apt-get update \
 && apt-get install -y --no-install-recommends ${OPENCV_NATIVE_DEPS} \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/ExerciseFunctions/ExerciseFunctions.csproj -c Release -o /out/app
# The model the app classifies with: by default the shipped default model (seeded backbone + trained head),
# written by the same code that `exercise classify` uses without --models, so the image carries the model that
# was measured. MODEL_DIRECTORY names a model directory in the build context to ship instead (rgb.onnx,
# flow.onnx, labels.txt), e.g. one written by `exercise train` or `exercise import-i3d`.
ARG MODEL_DIRECTORY=
RUN if [ -n "${MODEL_DIRECTORY}" ]; then cp -r "${MODEL_DIRECTORY}" /out/models; \
    else dotnet run --project src/ExerciseFunctions.Cli -c Release -- make-model --default --out /out/models; fi

# ---- runtime: the official Functions host image ----
FROM ${FUNCTIONS_IMAGE}
ARG OPENCV_NATIVE_DEPS
# cuda: install CUDA 13 + cuDNN 9 for Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0; cpu: leave them out.
ARG INFERENCE_DEVICE=cuda
# Exactly what libonnxruntime_providers_cuda.so needs (readelf -d: libcudart.so.13, libcublas.so.13,
# libcublasLt.so.13, libcurand.so.10) plus cuDNN 9, which it loads at run time, and NVRTC for cuDNN's
# runtime-compiled engines. The driver (libcuda.so.1) comes from the GPU host, not the image.
ARG CUDA_PACKAGES="cuda-cudart-13-0 libcublas-13-0 libcurand-13-0 cuda-nvrtc-13-0 libcudnn9-cuda-13"

# ffmpeg: the video reader decodes through the platform's ffmpeg command where it is installed (3-4x faster on
# HEVC than OpenCV's bundled FFmpeg) and falls back to OpenCV without it.
# NVIDIA's apt repository for the base image's own distribution (debian12 or ubuntu2404): packages built
# for this glibc, with their ld.so configuration, and only the libraries listed above (no full toolkit).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl ffmpeg ${OPENCV_NATIVE_DEPS} \
 && if [ "${INFERENCE_DEVICE}" = "cuda" ]; then \
      . /etc/os-release \
      && distro="${ID}$(echo "${VERSION_ID}" | tr -d .)" \
      && curl -fsSL -o /tmp/cuda-keyring.deb \
           "https://developer.download.nvidia.com/compute/cuda/repos/${distro}/x86_64/cuda-keyring_1.1-1_all.deb" \
      && dpkg -i /tmp/cuda-keyring.deb && rm /tmp/cuda-keyring.deb \
      && apt-get update \
      && apt-get install -y --no-install-recommends ${CUDA_PACKAGES} \
      && ldconfig; \
    fi \
 && rm -rf /var/lib/apt/lists/*

ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    Pipeline__ModelDirectory=/home/site/models \
    Pipeline__InferenceDevice=${INFERENCE_DEVICE} \
    LD_LIBRARY_PATH=/usr/local/cuda-13.0/targets/x86_64-linux/lib \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

COPY --from=build /out/app /home/site/wwwroot
COPY --from=build /out/models /home/site/models
