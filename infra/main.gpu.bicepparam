// Production: serverless NVIDIA T4 (one GPU per replica), one replica always warm.
// For A100s use 'Consumption-GPU-NC24-A100' (cpu 24, memory '220Gi') or dedicated 'NC24-A100'.
using 'main.bicep'

// The Entra ID app registration guarding the HTTP API (docs/deployment.md: "Entra ID for the API").
param apiClientId = readEnvironmentVariable('API_CLIENT_ID')

param namePrefix = 'exfn'
param workloadProfileType = 'Consumption-GPU-NC8as-T4'
param cpu = 8
param memory = '56Gi'
param minReplicas = 1
param maxReplicas = 4
param tags = {
  application: 'ExerciseFunctions'
  environment: 'prod'
}
