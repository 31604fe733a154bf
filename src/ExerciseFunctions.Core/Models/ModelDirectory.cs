namespace ExerciseFunctions.Core.Models;

/// <summary>A two-stream model on disk: rgb.onnx, flow.onnx and labels.txt.</summary>
public sealed record ModelDirectory(string Path)
{
    public string RgbModelPath => System.IO.Path.Combine(Path, "rgb.onnx");
    public string FlowModelPath => System.IO.Path.Combine(Path, "flow.onnx");
    public string LabelsPath => System.IO.Path.Combine(Path, "labels.txt");

    public IReadOnlyList<string> ReadLabels() => throw new NotImplementedException();

    /// <summary>Short content hash of the three files: recorded with every classification.</summary>
    public string Version => throw new NotImplementedException();
}
