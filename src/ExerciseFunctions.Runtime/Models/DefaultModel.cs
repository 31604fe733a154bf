using System.Security.Cryptography;
using ExerciseFunctions.Runtime.Hosting;
using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Runtime.Models;

/// <summary>
/// The shipped default: the seeded backbone plus the committed trained head, built on first use. The head is the
/// embedded resource <c>Models/default-head.bin</c> (a <see cref="TwoStreamHead"/> file for
/// <see cref="ExerciseClasses.Default"/>); without it the head is seeded. Its "not an exercise" rejection and its
/// confidence calibration are embedded files too, written into the directory as they are. A stamp file records the
/// recipe, so a default model built from another head or files is rebuilt; a directory holding some other model (no
/// stamp) is never overwritten.
/// </summary>
public static class DefaultModel
{
    public const string HeadResourceName = "ExerciseFunctions.Runtime.Models.default-head.bin";
    public const string RejectionResourceName = "ExerciseFunctions.Runtime.Models.default-rejection.json";
    public const string CalibrationResourceName = "ExerciseFunctions.Runtime.Models.default-calibration.json";
    private const string StampFileName = "default-model.txt";
    private static readonly Lock BuildLock = new();

    /// <summary>Where the default model is built when none is configured: <c>models/default</c> in the user's data folder.</summary>
    public static string DefaultDirectory => Path.Combine(UserDataDirectory.Root, "models", "default");

    /// <summary>Returns the model directory, building the default model there first if it is missing.</summary>
    public static ModelDirectory Ensure(string? directory = null) =>
        Ensure(directory ?? DefaultDirectory, ReadEmbedded(HeadResourceName, TwoStreamHead.Read), EmbeddedFiles());

    /// <summary>
    /// Ensures the default model with a given trained head (<c>Head</c> null: seeded) and files to put beside it, each
    /// identified by its <c>Hash</c>.
    /// </summary>
    internal static ModelDirectory Ensure(string directory, (TwoStreamHead? Head, string Hash) head, IReadOnlyList<ShippedFile>? files = null)
    {
        files ??= [];
        var model = new ModelDirectory(directory);
        var recipe = Recipe(head.Hash) + string.Concat(files.Select(file => $" {file.Name}={file.Hash}"));
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
                    foreach (var file in files)
                    {
                        File.WriteAllBytes(Path.Combine(staging, file.Name), file.Content);
                    }
                });
            }
            return model;
        }
    }

    /// <summary>The embedded files the default carries beside its graphs (those this build embeds).</summary>
    private static IReadOnlyList<ShippedFile> EmbeddedFiles() =>
        new[] { (Name: NoveltyRejector.FileName, Resource: RejectionResourceName), (Name: ConfidenceCalibration.FileName, Resource: CalibrationResourceName) }
            .Select(file => (file.Name, Embedded: ReadEmbedded(file.Resource, (stream, _) => ReadBytes(stream))))
            .Where(file => file.Embedded.Value is not null)
            .Select(file => new ShippedFile(file.Name, file.Embedded.Value!, file.Embedded.Hash))
            .ToList();

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

/// <summary>A file the default model carries beside its graphs: its name in the model directory, its bytes and their hash.</summary>
internal sealed record ShippedFile(string Name, byte[] Content, string Hash);

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
