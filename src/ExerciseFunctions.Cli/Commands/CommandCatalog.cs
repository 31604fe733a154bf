using System.CommandLine;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>Every subcommand of `exercise`, one class each.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        ClassifyCommand.Create(),
        MakeModelCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
    ];
}
