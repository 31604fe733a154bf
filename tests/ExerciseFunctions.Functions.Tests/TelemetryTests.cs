using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Functions.Tests;

/// <summary>The worker's Application Insights logging as Program.cs wires it (no connection string: nothing is sent).</summary>
public sealed class TelemetryTests
{
    [Fact]
    public void Information_events_of_the_pipeline_reach_Application_Insights()
    {
        var services = new ServiceCollection();
        services.AddApplicationInsightsTelemetryWorkerService();
        services.AddLogging(logging => logging.KeepInformationForApplicationInsights());
        using var provider = services.BuildServiceProvider();

        // Application Insights is the only provider here: without the rule removed, only warnings would pass.
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("ExerciseFunctions.Pipeline.Orchestration.ClassifyVideoOrchestrator");
        Assert.True(logger.IsEnabled(LogLevel.Information));
    }
}
