using ExerciseFunctions.Pipeline.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ExerciseFunctions.Functions;

/// <summary>The app's services, in one place: Program runs them, the tests build the same container and call the functions through it.</summary>
public static class FunctionsApp
{
    public static FunctionsApplicationBuilder AddExerciseFunctions(this FunctionsApplicationBuilder builder)
    {
        // As the azd Functions quickstarts wire it: the worker's own logs and dependencies to Application Insights
        // (APPLICATIONINSIGHTS_CONNECTION_STRING, set by infra/), correlated with the host's invocation telemetry.
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        builder.Logging.KeepInformationForApplicationInsights();
        builder.Services.AddPipeline(builder.Configuration);
        return builder;
    }
}
