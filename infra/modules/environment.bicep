// Container Apps environment (workload-profiles type). Besides the built-in Consumption profile it gets
// the GPU profile the app runs on; logs go to Log Analytics through a diagnostic setting, so the
// environment never needs the workspace's shared key.

@description('Name of the Container Apps environment.')
param name string

@description('Azure region (GPU profiles exist only in some regions, e.g. westus3, swedencentral, australiaeast).')
param location string

@description('Tags applied to the environment.')
param tags object

@description('Workload profile type the app runs on: Consumption (CPU), serverless GPU Consumption-GPU-NC8as-T4 / Consumption-GPU-NC24-A100, or dedicated NC24-A100.')
param workloadProfileType string

@description('Dedicated profiles only: minimum and maximum node count (one A100 per NC24-A100 node).')
param dedicatedNodeCount {
  min: int
  max: int
}

@description('Resource id of the Log Analytics workspace receiving console and system logs.')
param logAnalyticsWorkspaceId string

var consumptionProfile = {
  name: 'Consumption'
  workloadProfileType: 'Consumption'
}
var isDedicated = !startsWith(workloadProfileType, 'Consumption')
var appProfileName = workloadProfileType == 'Consumption' ? 'Consumption' : 'gpu'
var gpuProfile = union(
  {
    name: appProfileName
    workloadProfileType: workloadProfileType
  },
  isDedicated ? { minimumCount: dedicatedNodeCount.min, maximumCount: dedicatedNodeCount.max } : {}
)

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: workloadProfileType == 'Consumption' ? [consumptionProfile] : [consumptionProfile, gpuProfile]
  }
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

output id string = environment.id
@description('The workload profile the function app must name (the GPU one unless the app runs on Consumption).')
output appWorkloadProfileName string = appProfileName
