using System.CommandLine;
using ExerciseFunctions.Cli.Commands;

var root = new RootCommand("ExerciseFunctions: classify exercise videos with a two-stream I3D.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
