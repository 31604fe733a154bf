// ExerciseFunctions on Azure: the Durable Functions video classifier as a native Azure Functions
// container app on a (GPU) Container Apps workload profile, with identity-only storage access.
//
//   identity ─┬─ storage (Blob Data Owner, Queue/Table Data Contributor)
//             └─ registry (AcrPull)
//   monitoring ── environment (workload profile) ── function app (image from the registry,
//                                                   scaled on the Durable work-item queue,
//                                                   HTTP API behind Entra ID authentication)
//
// Deploy with `azd up` (azure.yaml, main.parameters.json): the first provision runs the app on a public
// placeholder image, then azd builds the real image in the registry (ACR Tasks) and points the app at it.

targetScope = 'resourceGroup'

@description('Azure region for every resource. GPU workload profiles exist only in some regions (e.g. westus3, swedencentral, australiaeast).')
param location string = resourceGroup().location

@description('Short lower-case prefix (letters and digits) for resource names; a hash of the resource group keeps global names unique.')
@minLength(2)
@maxLength(8)
param namePrefix string = 'exfn'

@description('Where the app runs: Consumption (CPU only, for development), serverless GPU Consumption-GPU-NC8as-T4 or Consumption-GPU-NC24-A100, or dedicated NC24-A100 (billed per node).')
@allowed([
  'Consumption'
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
  'NC24-A100'
])
param workloadProfileType string = 'Consumption-GPU-NC8as-T4'

@description('vCPUs per replica; must fit the profile (Consumption up to 4, T4 up to 8, A100 up to 24).')
@minValue(1)
param cpu int = 8

@description('Memory per replica (Consumption: 2 GiB per vCPU; T4 up to 56Gi; A100 up to 220Gi).')
param memory string = '56Gi'

@description('Replicas always running. At least 1: keeps a GPU warm with the models loaded (and billed while idle).')
@minValue(1)
param minReplicas int = 1

@description('Most replicas Container Apps scales out to; on GPU profiles each replica holds one GPU (mind the quota).')
@minValue(1)
param maxReplicas int = 2

@description('Full reference of the app image. Empty on the first provision: the app starts on the placeholder until azd deploys the image it built (azd passes SERVICE_FUNCTIONS_IMAGE_NAME on later provisions).')
param appImage string = ''

@description('Application (client) id of the Microsoft Entra app registration guarding the HTTP API (docs/deployment.md creates it).')
@minLength(36)
@maxLength(36)
param apiClientId string

@description('Tags applied to every resource.')
param tags object = {
  application: 'ExerciseFunctions'
}

var suffix = uniqueString(resourceGroup().id)
// The app's host.json names the Durable Functions task hub; its queues live in the storage account.
var taskHubName = loadJsonContent('../host.json').extensions.durableTask.hubName
var isGpu = workloadProfileType != 'Consumption'
// The Functions base image of the Dockerfile: a valid, empty Functions host until azd deploys the app.
var placeholderImage = 'mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0'
// azure.yaml's service name; azd finds the app to deploy by this tag.
var serviceName = 'functions'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${namePrefix}-${suffix}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${namePrefix}${suffix}', 24)
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    name: 'cr${namePrefix}${suffix}'
    location: location
    tags: tags
    pullPrincipalId: identity.outputs.principalId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    namePrefix: '${namePrefix}-${suffix}'
    location: location
    tags: tags
  }
}

module environment 'modules/environment.bicep' = {
  name: 'environment'
  params: {
    name: 'cae-${namePrefix}-${suffix}'
    location: location
    tags: tags
    workloadProfileType: workloadProfileType
    dedicatedNodeCount: {
      min: minReplicas
      max: maxReplicas
    }
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  // Reading the storage and registry module outputs orders this after their role assignments, which
  // must exist before the first replica pulls the image and opens storage.
  params: {
    name: 'func-${namePrefix}-${suffix}'
    location: location
    tags: tags
    environmentId: environment.outputs.id
    workloadProfileName: environment.outputs.appWorkloadProfileName
    image: empty(appImage) ? placeholderImage : appImage
    serviceName: serviceName
    apiClientId: apiClientId
    registryServer: registry.outputs.loginServer
    identity: {
      id: identity.outputs.id
      clientId: identity.outputs.clientId
    }
    storage: {
      accountName: storage.outputs.name
      blobEndpoint: storage.outputs.blobEndpoint
      queueEndpoint: storage.outputs.queueEndpoint
      tableEndpoint: storage.outputs.tableEndpoint
    }
    appInsightsName: monitoring.outputs.appInsightsName
    inferenceDevice: isGpu ? 'cuda' : 'cpu'
    cpu: cpu
    memory: memory
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    taskHubName: taskHubName
  }
}

@description('Storage account holding the videos container (uploads), work container and classifications table.')
output storageAccountName string = storage.outputs.name

@description('Container the blob trigger watches: upload videos here.')
output videoContainerName string = storage.outputs.videoContainerName

@description('Registry name.')
output registryName string = registry.outputs.name

@description('Where azd pushes the image it builds (azd reads this output name).')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer

@description('Registry login server.')
output registryLoginServer string = registry.outputs.loginServer

@description('Base URL of the function app.')
output appUrl string = functionApp.outputs.url

@description('Client id of the managed identity the app runs as.')
output identityClientId string = identity.outputs.clientId
