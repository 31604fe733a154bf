using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Testing;

/// <summary>One seeded six-class model directory and its two sessions (2 threads), shared by a test class.</summary>
public sealed class SeededModelFixture : IDisposable
{
    public const int Seed = 11;

    public SeededModelFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"i3d-seeded-{Guid.NewGuid():N}");
        Model = ModelWriter.WriteSeeded(Directory, ExerciseClasses.Default, Seed);
        var options = new InferenceOptions { Threads = 2 };
        Rgb = I3dSession.Open(Model.RgbModelPath, options);
        Flow = I3dSession.Open(Model.FlowModelPath, options);
    }

    public string Directory { get; }
    public ModelDirectory Model { get; }
    public I3dSession Rgb { get; }
    public I3dSession Flow { get; }

    public I3dSession For(I3dStream stream) => stream == I3dStream.Rgb ? Rgb : Flow;

    /// <summary>A clip of uniform values in [-1, 1], NTHWC.</summary>
    public static float[] RandomClip(int frames, int channels, int seed)
    {
        var random = new Random(seed);
        var clip = new float[frames * 224 * 224 * channels];
        for (var i = 0; i < clip.Length; i++)
        {
            clip[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return clip;
    }

    public void Dispose()
    {
        Rgb.Dispose();
        Flow.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
