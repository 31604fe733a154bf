using System.Security.Cryptography;
using ExerciseFunctions.Runtime.Hosting;
using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Runtime.Models;

/// <summary>
/// The shipped default: the seeded backbone plus the committed trained head, built on first use. The head is the
/// embedded resource <c>Models/default-head.bin</c> (a <see cref="TwoStreamHead"/> file for
/// <see cref="ExerciseClasses.Default"/>); without it the head is seeded. A stamp file records the recipe, so a
/// default model built from another head is rebuilt; a directory holding some other model (no stamp) is never
/// overwritten.
/// </summary>
public static class DefaultModel
{
    public const string HeadResourceName = "ExerciseFunctions.Runtime.Models.default-head.bin";
    public const string RejectionResourceName = "ExerciseFunctions.Runtime.Models.default-rejection.json";
    private const string StampFileName = "default-model.txt";
    private static readonly Lock BuildLock = new();

    /// <summary>Where the default model is built when none is configured: <c>models/default</c> in the user's data folder.</summary>
    public static string DefaultDirectory => Path.Combine(UserDataDirectory.Root, "models", "default");

    /// <summary>Returns the model directory, building the default model there first if it is missing.</summary>
    public static ModelDirectory Ensure(string? directory = null) =>
        Ensure(directory ?? DefaultDirectory, ReadEmbedded(HeadResourceName, TwoStreamHead.Read), ReadEmbedded(RejectionResourceName, (s, _) => ReadBytes(s)));

    /// <summary>
    /// Ensures the default model with a given trained head (<c>Head</c> null: seeded) and rejection file (<c>Value</c> null:
    /// none), each identified by its <c>Hash</c>.
    /// </summary>
    internal static ModelDirectory Ensure(string directory, (TwoStreamHead? Head, string Hash) head, (byte[]? Value, string Hash) rejection = default)
    {
        var model = new ModelDirectory(directory);
        var recipe = Recipe(head.Hash) + (rejection.Value is null ? "" : $" rejection={rejection.Hash}");
        lock (BuildLock)
        {
            if (!NeedsBuild(model, recipe))
            {
                return model;
            }
            // The lock lies beside the directory: the directory itself is replaced whole when built.
            var full = Path.GetFullPath(model.Path).TrimEnd(Path.DirectorySeparatorChar);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var crossProcessLock = AcquireFileLock(full + ".build.lock");
            if (NeedsBuild(model, recipe))
            {
                ModelWriter.WriteSeeded(model.Path, ExerciseClasses.Default, SeededWeights.DefaultSeed, head.Head, staging =>
                {
                    File.WriteAllText(Path.Combine(staging, StampFileName), recipe);
                    if (rejection.Value is { } bytes)
                    {
                        File.WriteAllBytes(Path.Combine(staging, NoveltyRejector.FileName), bytes);
                    }
                });
            }
            return model;
        }
    }

    private static bool NeedsBuild(ModelDirectory model, string recipe)
    {
        if (!model.IsComplete)
        {
            return true;
        }
        var stamp = Path.Combine(model.Path, StampFileName);
        return File.Exists(stamp) && File.ReadAllText(stamp) != recipe;
    }

    private static string Recipe(string headHash) =>
        $"seed={SeededWeights.DefaultSeed} head={headHash} classes={string.Join(',', ExerciseClasses.Default)}";

    private static (T? Value, string Hash) ReadEmbedded<T>(string resourceName, Func<Stream, string, T> read) where T : class
    {
        using var resource = typeof(DefaultModel).Assembly.GetManifestResourceStream(resourceName);
        if (resource is null)
        {
            return (null, "none");
        }
        var bytes = new MemoryStream();
        resource.CopyTo(bytes);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()))[..12];
        bytes.Position = 0;
        return (read(bytes, $"embedded {resourceName}"), hash);
    }

    private static byte[] ReadBytes(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static FileStream AcquireFileLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }
}

/// <summary>The classes of the shipped default model (its labels.txt), which synthesis also generates.</summary>
public static class ExerciseClasses
{
    /// <summary>The six classes of the reference work, in its order.</summary>
    public static readonly IReadOnlyList<string> Default =
    [
        "bw-squat_correct",
        "bw-squat_not-low",
        "pull-up_chin-below-bar",
        "pull-up_correct",
        "push-up_correct",
        "push-up_upper-body-first",
    ];
}
