// The function app as a native Azure Functions container app (Microsoft.App/containerApps, kind
// 'functionapp') on the environment's GPU profile, scaled on the Durable work-item queue, its HTTP API
// behind Container Apps authentication (Microsoft Entra ID). All storage access is identity-based
// through the user-assigned identity; no keys, no secrets.

@description('Name of the container app.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the app.')
param tags object

@description('Resource id of the Container Apps environment.')
param environmentId string

@description('Workload profile of that environment the app runs on.')
param workloadProfileName string

@description('Full image reference, e.g. myregistry.azurecr.io/exercisefunctions:1.')
param image string

@description('Value of the azd-service-name tag: azd deploys the service of that name in azure.yaml to this app.')
param serviceName string

@description('Application (client) id of the Microsoft Entra app registration that callers of the HTTP API get tokens for.')
param apiClientId string

@description('Registry login server the image is pulled from with the managed identity.')
param registryServer string

@description('Managed identity: resource id and client id.')
param identity {
  id: string
  clientId: string
}

@description('Storage endpoints and account name used by the host and the pipeline.')
param storage {
  accountName: string
  blobEndpoint: string
  queueEndpoint: string
  tableEndpoint: string
}

@description('Name of the Application Insights component receiving the app\'s telemetry.')
param appInsightsName string

@description('ONNX Runtime execution provider: cuda on GPU profiles, cpu otherwise.')
@allowed([
  'cpu'
  'cuda'
])
param inferenceDevice string

@description('vCPUs per replica (must fit the workload profile: Consumption up to 4, T4 up to 8, A100 up to 24).')
param cpu int

@description('Memory per replica, e.g. 8Gi (Consumption: 2 GiB per vCPU; T4: up to 56Gi; A100: up to 220Gi).')
param memory string

@description('Replicas kept running; at least 1 keeps the model loaded on a warm GPU.')
@minValue(1)
param minReplicas int

@description('Upper bound for scale-out (each replica holds one GPU on GPU profiles).')
@minValue(1)
param maxReplicas int

@description('Durable Functions task hub (host.json durableTask.hubName); its work-item queue drives scale-out.')
param taskHubName string

@description('Pending activities per replica before another replica is added.')
@minValue(1)
param activitiesPerReplica int = 4

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Identity-based connections: <name>__accountName/__*ServiceUri + __credential + __clientId.
var managedIdentityConnection = {
  credential: 'managedidentity'
  clientId: identity.clientId
}
var webJobsStorage = union(managedIdentityConnection, { accountName: storage.accountName })
var videoStorage = union(managedIdentityConnection, {
  blobServiceUri: storage.blobEndpoint
  queueServiceUri: storage.queueEndpoint
  tableServiceUri: storage.tableEndpoint
})
var connectionSettings = concat(
  map(items(webJobsStorage), s => { name: 'AzureWebJobsStorage__${s.key}', value: s.value }),
  map(items(videoStorage), s => { name: 'VideoStorage__${s.key}', value: s.value })
)
// The port the ingress targets; set here too so the placeholder image (root, default port 80) listens on it.
var httpPort = 8080
var appSettings = [
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
  { name: 'ASPNETCORE_URLS', value: 'http://+:${httpPort}' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
  // DefaultAzureCredential in the app's own clients picks the user-assigned identity.
  { name: 'AZURE_CLIENT_ID', value: identity.clientId }
  { name: 'Pipeline__StorageConnection', value: 'VideoStorage' }
  { name: 'Pipeline__InferenceDevice', value: inferenceDevice }
]

// 2026-03-02-preview is the first API version with scale.allowScalingRuleOverride; azure.yaml pins azd's
// image updates to the same version so a deploy does not drop the property.
resource app 'Microsoft.App/containerApps@2026-03-02-preview' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    managedEnvironmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: httpPort
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'functions'
          image: image
          env: concat(connectionSettings, appSettings)
          resources: {
            cpu: cpu
            memory: memory
          }
        }
      ]
      // Container Apps cannot autoscale Durable Functions on the Azure Storage backend from its triggers
      // (hence minReplicas >= 1), and for kind 'functionapp' it ignores user rules unless the override is
      // on: scale out on the task hub's activity queue instead, read with the managed identity.
      scale: {
        // The Bicep types of this preview version lag the REST API, which documents the property.
        #disable-next-line BCP037
        allowScalingRuleOverride: true
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'durable-activities'
            custom: {
              type: 'azure-queue'
              identity: identity.id
              metadata: {
                accountName: storage.accountName
                queueName: '${toLower(taskHubName)}-workitems'
                queueLength: string(activitiesPerReplica)
              }
            }
          }
        ]
      }
    }
  }
}

// Callers of the HTTP API need a token for the app registration; without one they get 401. Only the
// ingress is guarded: the blob trigger and the Durable task hub talk to storage, not through ingress.
resource authentication 'Microsoft.App/containerApps/authConfigs@2025-07-01' = {
  parent: app
  name: 'current'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      unauthenticatedClientAction: 'Return401'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${apiClientId}'
            apiClientId
          ]
        }
      }
    }
  }
}

output name string = app.name
output url string = 'https://${app.properties.configuration.ingress.fqdn}'
