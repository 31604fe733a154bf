// Development: CPU only on the Consumption profile; ONNX Runtime falls back to its CPU provider.
using 'main.bicep'

// The Entra ID app registration guarding the HTTP API (docs/deployment.md: "Entra ID for the API").
param apiClientId = readEnvironmentVariable('API_CLIENT_ID')

param namePrefix = 'exfndev'
param workloadProfileType = 'Consumption'
param cpu = 4
param memory = '8Gi'
param minReplicas = 1
param maxReplicas = 2
param tags = {
  application: 'ExerciseFunctions'
  environment: 'dev'
}
