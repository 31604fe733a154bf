using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices((context, services) =>
    {
        services.Configure<PipelineOptions>(context.Configuration.GetSection(PipelineOptions.SectionName));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<PipelineOptions>>().Value);
        services.AddSingleton<PipelineStorage>();
        services.AddSingleton<PipelineActivities>();
        services.AddSingleton(TimeProvider.System);
    })
    .Build();

host.Run();
