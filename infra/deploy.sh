#!/usr/bin/env bash
# Deploys ExerciseFunctions to Azure from nothing: resource group, infrastructure (infra/main.bicep),
# the container image (built in Azure by ACR Tasks: no local Docker needed), then the function app.
#
# Usage:   infra/deploy.sh <resource-group> [location] [dev|gpu]
#   resource-group  created if missing
#   location        default westus3 (a region with serverless GPUs: westus3, swedencentral, australiaeast, ...)
#   dev|gpu         parameter file infra/main.<profile>.bicepparam; default gpu
# Env:     IMAGE_TAG    image tag to build and deploy (default: current git commit, else a timestamp)
# Needs:   az CLI >= 2.61 logged in (az login) with Owner or User Access Administrator + Contributor on the
#          resource group (the template creates role assignments).
#
# Two passes: the app cannot be created before its image exists in the registry the template creates,
# so the first pass deploys everything else (deployApp=false), then `az acr build` pushes the image,
# then the second pass adds the app. Re-running is safe: every step is idempotent.
set -euo pipefail

# Prints the comment block above as help.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2; }

[[ $# -ge 1 && $# -le 3 ]] || usage
resource_group=$1
location=${2:-westus3}
profile=${3:-gpu}

infra_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$infra_dir")
parameters="$infra_dir/main.$profile.bicepparam"
[[ -f $parameters ]] || { echo "error: unknown profile '$profile' (no $parameters)" >&2; exit 2; }
image_tag=${IMAGE_TAG:-$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || date -u +%Y%m%d%H%M%S)}
# The CPU profile gets an image without CUDA (ONNX Runtime then runs on the CPU).
inference_device=$([[ $profile == dev ]] && echo cpu || echo cuda)

az account show --query "{subscription: name, user: user.name}" -o tsv >/dev/null \
  || { echo "error: run 'az login' first" >&2; exit 1; }

# deploy <deployment-name> <extra parameters...>: deploys main.bicep with the profile's parameters.
deploy() {
  local name=$1; shift
  az deployment group create \
    --resource-group "$resource_group" \
    --name "$name" \
    --parameters "$parameters" \
    --parameters location="$location" "$@" \
    --output none
}

# output <deployment-name> <query on properties.outputs> [az output format]
output() {
  az deployment group show --resource-group "$resource_group" --name "$1" \
    --query "properties.outputs.$2" --output "${3:-tsv}"
}

echo "==> resource group $resource_group ($location)"
az group create --name "$resource_group" --location "$location" --output none

echo "==> infrastructure (first pass, no app yet)"
deploy exercisefunctions-base deployApp=false
registry=$(output exercisefunctions-base registryName.value)

echo "==> image exercisefunctions:$image_tag in $registry ($inference_device)"
az acr build \
  --registry "$registry" \
  --image "exercisefunctions:$image_tag" \
  --build-arg "INFERENCE_DEVICE=$inference_device" \
  --file "$repo_root/Dockerfile" \
  "$repo_root"

echo "==> function app"
deploy exercisefunctions-app deployApp=true imageTag="$image_tag"

echo "==> outputs"
output exercisefunctions-app \
  "{appUrl: appUrl.value, storageAccount: storageAccountName.value, videoContainer: videoContainerName.value, registry: registryLoginServer.value, identityClientId: identityClientId.value}" \
  table
