using System.Security.Cryptography;
using System.Runtime.InteropServices;
using System.Text.Json;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Runtime.Tests.I3d;

/// <summary>
/// The project's I3D graph against tools/reference/i3d_reference.py, an implementation of DeepMind's published
/// topology in PyTorch (float64), both built from the same spec weights (<see cref="SpecWeights"/>) with
/// non-trivial batch-norm statistics, so SAME padding, pool windows, epsilon, branch order and time averaging all count.
/// </summary>
public sealed class I3dReferenceTests(I3dReferenceTests.SpecModels models) : IClassFixture<I3dReferenceTests.SpecModels>
{
    // float32 against the reference's float64; batch-norm epsilon 1e-5 instead of 1e-3 already moves the logits by ~1%.
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("RGB", 9)]
    [InlineData("RGB", 16)]
    [InlineData("Flow", 9)]
    [InlineData("Flow", 16)]
    public void Logits_and_features_match_the_pytorch_reference(string scope, int frames)
    {
        var stream = I3dStream.Both.Single(s => s.Scope == scope);
        var clip = models.Weights.Clip(stream, frames);
        Assert.Equal(Reference.Json.GetProperty("inputs").GetProperty($"{scope}-t{frames}").GetString(),
            Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(clip.AsSpan()))));
        var expected = Reference.Vector($"i3d-{scope.ToLowerInvariant()}-t{frames}.f32");

        var actual = models.For(stream).Run(clip, frames);

        AssertClose(expected[..Reference.Classes], actual.Logits, "logits");
        AssertClose(expected[Reference.Classes..], actual.Features, "features");
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        var worst = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.True(worst <= Tolerance * scale, $"{what}: largest difference {worst:g3} against {Tolerance * scale:g3} allowed");
    }

    /// <summary>Both streams built once from the reference's spec weights, with their sessions.</summary>
    public sealed class SpecModels : IDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("i3d-reference-").FullName;
        private readonly Dictionary<I3dStream, I3dSession> sessions = [];

        public SpecModels()
        {
            foreach (var stream in I3dStream.Both)
            {
                var path = Path.Combine(directory, stream.FileName);
                I3dModelBuilder.Write(path, stream, Reference.Classes, Weights);
                sessions[stream] = I3dSession.Open(path, new InferenceOptions { Threads = 2 });
            }
        }

        public SpecWeights Weights { get; } = new(Reference.Seed);

        public I3dSession For(I3dStream stream) => sessions[stream];

        public void Dispose()
        {
            foreach (var session in sessions.Values)
                session.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The committed output of tools/reference/i3d_reference.py (I3d/Reference).</summary>
internal static class Reference
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "I3d", "Reference");

    public static JsonElement Json { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "i3d-reference.json"))).RootElement;

    public static int Seed => Json.GetProperty("seed").GetInt32();

    public static int Classes => Json.GetProperty("classes").GetInt32();

    public static float[] Vector(string fileName) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(Folder, fileName))).ToArray();

    public static long MultiplyAdds(I3dStream stream, int frames, int classes) =>
        Json.GetProperty("multiplyAdds").GetProperty(stream.Scope).GetProperty($"t{frames}-k{classes}").GetInt64();
}
