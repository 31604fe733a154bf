using ExerciseFunctions.Functions;
using ExerciseFunctions.Pipeline.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
// As the azd Functions quickstarts wire it: the worker's own logs and dependencies to Application Insights
// (APPLICATIONINSIGHTS_CONNECTION_STRING, set by infra/), correlated with the host's invocation telemetry.
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();
builder.Logging.KeepInformationForApplicationInsights();
builder.Services.AddPipeline(builder.Configuration);
builder.Build().Run();
