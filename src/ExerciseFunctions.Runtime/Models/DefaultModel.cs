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
    private const string StampFileName = "default-model.txt";
    private static readonly Lock BuildLock = new();

    /// <summary>Where the default model is built when none is configured: <c>models/default</c> in the user's data folder.</summary>
    public static string DefaultDirectory => Path.Combine(UserDataDirectory.Root, "models", "default");

    /// <summary>Returns the model directory, building the default model there first if it is missing.</summary>
    public static ModelDirectory Ensure(string? directory = null) =>
        Ensure(directory ?? DefaultDirectory, ReadEmbedded(HeadResourceName, TwoStreamHead.Read));

    /// <summary>Ensures the default model with a given trained head (<c>Head</c> null: seeded), identified by its <c>Hash</c>.</summary>
    internal static ModelDirectory Ensure(string directory, (TwoStreamHead? Head, string Hash) head)
    {
        var model = new ModelDirectory(directory);
        var recipe = Recipe(head.Hash);
        lock (BuildLock)
        {
            if (!NeedsBuild(model, recipe))
            {
                return model;
            }
            Directory.CreateDirectory(model.Path);
            using var crossProcessLock = AcquireFileLock(Path.Combine(model.Path, ".build.lock"));
            if (NeedsBuild(model, recipe))
            {
                ModelWriter.WriteSeeded(model.Path, ExerciseClasses.Default, SeededWeights.DefaultSeed, head.Head);
                File.WriteAllText(Path.Combine(model.Path, StampFileName), recipe);
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
