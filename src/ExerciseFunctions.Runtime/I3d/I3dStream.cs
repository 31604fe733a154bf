namespace ExerciseFunctions.Runtime.I3d;

/// <summary>One of the two I3D streams: its checkpoint scope, input channels and file name in a model directory.</summary>
public sealed record I3dStream(string Scope, int Channels, string FileName)
{
    public static readonly I3dStream Rgb = new("RGB", 3, "rgb.onnx");
    public static readonly I3dStream Flow = new("Flow", 2, "flow.onnx");

    public static IReadOnlyList<I3dStream> Both { get; } = [Rgb, Flow];

    public override string ToString() => Scope;
}
