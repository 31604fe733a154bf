using ExerciseFunctions.Functions.Storage;
using ExerciseFunctions.Pipeline.Activities;
using ExerciseFunctions.Pipeline.Configuration;
using ExerciseFunctions.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure twin of the local host: the same options section, storage and activities, built once per process.
var builder = FunctionsApplication.CreateBuilder(args);
var options = builder.Configuration.GetSection(PipelineOptions.SectionName).Get<PipelineOptions>() ?? new PipelineOptions();
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(provider => StorageConnection.Resolve(builder.Configuration, options.StorageConnection).CreatePipelineStorage(options));
builder.Services.AddSingleton<PipelineActivities>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Build().Run();
