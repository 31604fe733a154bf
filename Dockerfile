# syntax=docker/dockerfile:1
# ExerciseFunctions: the Azure Functions app (.NET 10 isolated worker) with ONNX Runtime's CUDA build,
# OpenCV's native dependencies, CUDA 13 + cuDNN 9 and the model files, for Azure Container Apps.
#
#   azd up                 (azure.yaml: built in the registry by ACR Tasks, digests and checksum from the azd env)
#   docker build --build-arg SDK_DIGEST=sha256:... --build-arg FUNCTIONS_DIGEST=sha256:... \
#                --build-arg CUDA_KEYRING_SHA256=... -t exercisefunctions .
#   add --build-arg INFERENCE_DEVICE=cpu for a CPU-only image (~3 GB smaller, no keyring needed)
#
# Base images are pinned by digest, and the digests are build arguments with no default: fill in the ones
# you have reviewed (docs/deployment.md, "The image"); an empty digest fails the build at FROM.

# mcr.microsoft.com/dotnet/sdk:10.0
ARG SDK_DIGEST
# mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0
ARG FUNCTIONS_DIGEST
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0@${SDK_DIGEST}
ARG FUNCTIONS_IMAGE=mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0@${FUNCTIONS_DIGEST}
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
# flow.onnx, labels.txt), e.g. one written by `exercise train` or `exercise import-i3d` (not under models/, which
# .dockerignore keeps out of the build context).
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

# sha256 of cuda-keyring_1.1-1_all.deb in NVIDIA's repository for the base image's distribution: the
# package that installs NVIDIA's signing key, so it is checked before dpkg trusts it. Required for cuda.
ARG CUDA_KEYRING_SHA256=""
# The unprivileged account the host runs as.
ARG APP_UID=10001

# ffmpeg: the video reader decodes through the platform's ffmpeg command where it is installed (2-3x faster than
# OpenCV's bundled FFmpeg on phone-bitrate and 4K HEVC, docs/performance.md) and falls back to OpenCV without it.
# NVIDIA's apt repository for the base image's own distribution (debian12 or ubuntu2404): packages built
# for this glibc, with their ld.so configuration, and only the libraries listed above (no full toolkit).
# curl is only needed to fetch the keyring and leaves in the same layer.
RUN set -eu; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates ffmpeg ${OPENCV_NATIVE_DEPS}; \
    if [ "${INFERENCE_DEVICE}" = "cuda" ]; then \
      if [ -z "${CUDA_KEYRING_SHA256}" ]; then \
        echo "error: --build-arg CUDA_KEYRING_SHA256 is required for INFERENCE_DEVICE=cuda (docs/deployment.md)" >&2; exit 1; \
      fi; \
      apt-get install -y --no-install-recommends curl; \
      . /etc/os-release; \
      distro="${ID}$(echo "${VERSION_ID}" | tr -d .)"; \
      curl -fsSL -o /tmp/cuda-keyring.deb \
        "https://developer.download.nvidia.com/compute/cuda/repos/${distro}/x86_64/cuda-keyring_1.1-1_all.deb"; \
      echo "${CUDA_KEYRING_SHA256}  /tmp/cuda-keyring.deb" | sha256sum --check --strict; \
      dpkg -i /tmp/cuda-keyring.deb; \
      rm /tmp/cuda-keyring.deb; \
      apt-get purge -y --auto-remove curl; \
      apt-get update; \
      apt-get install -y --no-install-recommends ${CUDA_PACKAGES}; \
      ldconfig; \
    fi; \
    rm -rf /var/lib/apt/lists/*; \
    useradd --uid "${APP_UID}" --home-dir /home --no-create-home --shell /usr/sbin/nologin functions; \
    chown "${APP_UID}" /home

# Port 8080: an unprivileged process cannot bind 80 (the ingress targets 8080, infra/modules/functionApp.bicep).
ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    ASPNETCORE_URLS=http://+:8080 \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    Pipeline__ModelDirectory=/home/site/models \
    Pipeline__InferenceDevice=${INFERENCE_DEVICE} \
    LD_LIBRARY_PATH=/usr/local/cuda-13.0/targets/x86_64-linux/lib \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

COPY --from=build /out/app /home/site/wwwroot
COPY --from=build /out/models /home/site/models

# The app and the models stay root-owned: the host reads them and writes only under /home and /tmp.
USER ${APP_UID}
EXPOSE 8080
