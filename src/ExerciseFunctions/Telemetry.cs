using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Functions;

public static class Telemetry
{
    private const string ApplicationInsightsProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// The Application Insights SDK adds a filter that keeps only warnings and errors; the pipeline's stage events are
    /// Information, so the rule goes (Microsoft Learn, "Guide for running C# Azure Functions in the isolated worker
    /// model", Application Insights). Levels then come from host.json and the Logging section as usual.
    /// </summary>
    public static ILoggingBuilder KeepInformationForApplicationInsights(this ILoggingBuilder logging)
    {
        logging.Services.Configure<LoggerFilterOptions>(options =>
        {
            var warningsOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsProvider);
            if (warningsOnly is not null)
            {
                options.Rules.Remove(warningsOnly);
            }
        });
        return logging;
    }
}
