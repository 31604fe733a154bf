namespace ExerciseFunctions.Runtime.I3d;

/// <summary>Kernel or stride extents in (time, height, width).</summary>
public readonly record struct Extent3(int T, int H, int W)
{
    public static readonly Extent3 One = new(1, 1, 1);
    public static readonly Extent3 Three = new(3, 3, 3);

    public long[] ToArray() => [T, H, W];
}

/// <summary>A layer of the Inception-v1 backbone, named as in deepmind/kinetics-i3d `i3d.py`.</summary>
public abstract record I3dLayer(string Name);

/// <summary>Conv3d (no bias) + batch norm (no scale) + ReLU, TF "SAME" padding.</summary>
public sealed record Unit3D(string Name, int OutChannels, Extent3 Kernel, Extent3 Stride) : I3dLayer(Name)
{
    public static Unit3D Pointwise(string name, int outChannels) => new(name, outChannels, Extent3.One, Extent3.One);

    public static Unit3D Cube(string name, int outChannels) => new(name, outChannels, Extent3.Three, Extent3.One);
}

/// <summary>Max pooling with TF "SAME" padding.</summary>
public sealed record MaxPool3D(string Name, Extent3 Kernel, Extent3 Stride) : I3dLayer(Name);

/// <summary>An Inception block: four branches concatenated on channels.</summary>
public sealed record MixedBlock(string Name, int B0, int B1Reduce, int B1, int B2Reduce, int B2, int B3, string B2ConvName = "Conv3d_0b_3x3")
    : I3dLayer(Name)
{
    public int OutChannels => B0 + B1 + B2 + B3;

    /// <summary>Index of the branch that max-pools (<see cref="BranchPool"/>) before its 1x1 conv.</summary>
    public const int PooledBranch = 3;

    /// <summary>Branch pooling (Branch_3) before its 1x1 conv.</summary>
    public static readonly MaxPool3D BranchPool = new("Branch_3/MaxPool3d_0a_3x3", Extent3.Three, Extent3.One);

    /// <summary>The units of each branch in order; Branch_3 is <see cref="BranchPool"/> followed by its unit.</summary>
    public IReadOnlyList<IReadOnlyList<Unit3D>> Branches =>
    [
        [Unit3D.Pointwise("Branch_0/Conv3d_0a_1x1", B0)],
        [Unit3D.Pointwise("Branch_1/Conv3d_0a_1x1", B1Reduce), Unit3D.Cube("Branch_1/Conv3d_0b_3x3", B1)],
        [Unit3D.Pointwise("Branch_2/Conv3d_0a_1x1", B2Reduce), Unit3D.Cube($"Branch_2/{B2ConvName}", B2)],
        [Unit3D.Pointwise("Branch_3/Conv3d_0b_1x1", B3)],
    ];
}

/// <summary>The public Kinetics I3D topology (Carreira &amp; Zisserman), up to Mixed_5c.</summary>
public static class I3dArchitecture
{
    public const string NetworkScope = "inception_i3d";
    public const int FeatureChannels = 1024;
    public const int FrameSize = 224;
    public const float BatchNormEpsilon = 0.001f;

    /// <summary>The logits layer: a 1x1x1 conv with bias on the pooled Mixed_5c features.</summary>
    public const string LogitsLayer = "Logits/Conv3d_0c_1x1";

    /// <summary>Average pool before the logits, VALID padding, stride 1.</summary>
    public static readonly Extent3 FinalPool = new(2, 7, 7);

    public static IReadOnlyList<I3dLayer> Backbone { get; } =
    [
        new Unit3D("Conv3d_1a_7x7", 64, new(7, 7, 7), new(2, 2, 2)),
        new MaxPool3D("MaxPool3d_2a_3x3", new(1, 3, 3), new(1, 2, 2)),
        Unit3D.Pointwise("Conv3d_2b_1x1", 64),
        Unit3D.Cube("Conv3d_2c_3x3", 192),
        new MaxPool3D("MaxPool3d_3a_3x3", new(1, 3, 3), new(1, 2, 2)),
        new MixedBlock("Mixed_3b", 64, 96, 128, 16, 32, 32),
        new MixedBlock("Mixed_3c", 128, 128, 192, 32, 96, 64),
        new MaxPool3D("MaxPool3d_4a_3x3", Extent3.Three, new(2, 2, 2)),
        new MixedBlock("Mixed_4b", 192, 96, 208, 16, 48, 64),
        new MixedBlock("Mixed_4c", 160, 112, 224, 24, 64, 64),
        new MixedBlock("Mixed_4d", 128, 128, 256, 24, 64, 64),
        new MixedBlock("Mixed_4e", 112, 144, 288, 32, 64, 64),
        new MixedBlock("Mixed_4f", 256, 160, 320, 32, 128, 128),
        new MaxPool3D("MaxPool3d_5a_2x2", new(2, 2, 2), new(2, 2, 2)),
        // The public checkpoint names this one conv Conv3d_0a_3x3 (a quirk of i3d.py, kept for the mapping).
        new MixedBlock("Mixed_5b", 256, 160, 320, 32, 128, 128, B2ConvName: "Conv3d_0a_3x3"),
        new MixedBlock("Mixed_5c", 384, 192, 384, 48, 128, 128),
    ];

    /// <summary>The variable scope of a layer, e.g. <c>RGB/inception_i3d/Mixed_3b</c>.</summary>
    public static string LayerScope(I3dStream stream, string layer) => $"{stream.Scope}/{NetworkScope}/{layer}";
}
