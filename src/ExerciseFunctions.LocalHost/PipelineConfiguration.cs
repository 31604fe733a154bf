using ExerciseFunctions.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace ExerciseFunctions.LocalHost;

/// <summary>Pipeline options of the local host and CLI: environment variables <c>Pipeline__Name</c>, as in local.settings.json.</summary>
public static class PipelineConfiguration
{
    public static PipelineOptions FromEnvironment()
    {
        var options = new PipelineOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(PipelineOptions.SectionName).Bind(options);
        return options;
    }
}
