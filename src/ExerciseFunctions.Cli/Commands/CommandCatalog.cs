using System.CommandLine;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>Every subcommand of `exercise`, one class each.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        ClassifyCommand.Create(),
        BenchCommand.Create(),
        CapacityCommand.Create(),
        MakeModelCommand.Create(),
        ImportI3dCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        FitRejectionCommand.Create(),
        CalibrateCommand.Create(),
        SynthCommand.Create(),
        ServeCommand.Create(),
        SubmitCommand.Create(),
        StatusCommand.Create(),
        DemoCommand.Create(),
    ];
}
