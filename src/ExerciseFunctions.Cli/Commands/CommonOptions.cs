using System.CommandLine;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>Options that several commands share, defined once.</summary>
internal static class CommonOptions
{
    public static Option<DirectoryInfo?> Models() => new("--models")
    {
        Description = "Model directory (rgb.onnx, flow.onnx, labels.txt); default: the shipped default model, built on first use.",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of a table." };

    public static Option<DirectoryInfo> LabelledVideos(string description = "Directory of labelled videos named <class>_<angle>_<id>.<ext>.") =>
        new("--data") { Description = description, Required = true };

    public static Option<DirectoryInfo?> FeatureCache() => new("--cache")
    {
        Description = "Score from the backbone's pooled features in this cache (as `train --cache` writes; missing ones are extracted): another head on the same backbone is then scored in seconds.",
    };

    public static ModelDirectory ResolveModels(DirectoryInfo? directory) =>
        directory is null ? DefaultModel.Ensure() : Existing(directory);

    static ModelDirectory Existing(DirectoryInfo directory)
    {
        var models = new ModelDirectory(directory.FullName);
        foreach (var file in new[] { models.RgbModelPath, models.FlowModelPath, models.LabelsPath })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"model file not found: {file}");
            }
        }
        return models;
    }
}
