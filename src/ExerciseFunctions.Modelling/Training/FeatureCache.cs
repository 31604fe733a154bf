using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Runtime.Inference;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>Pooled 1024-d features of both streams of one video.</summary>
public sealed record VideoFeatures(float[] Rgb, float[] Flow);

/// <summary>Features of every video asked for, in order, and how many came from the cache.</summary>
public sealed record CachedFeatures(IReadOnlyList<VideoFeatures> Videos, int FromCache);

/// <summary>
/// Pooled features per video and backbone, one small file each: <c>&lt;root&gt;/&lt;key&gt;/&lt;video sha256&gt;.feat</c>,
/// where the key hashes the backbone version and the scoring settings. Re-training on the same videos skips the
/// network entirely; renamed or moved videos still hit (the content is hashed, not the name).
/// File: magic "I3DFEAT1", int32 dimensions, RGB features, flow features (float32 little-endian).
/// </summary>
public sealed class FeatureCache(string root, Backbone backbone, MethodOptions options)
{
    private static readonly byte[] Magic = "I3DFEAT1"u8.ToArray();

    // Any backbone's pooled features (1024 for I3D, 512 for the inflated ResNet-18); more means a damaged entry.
    private const int MaxFeatureChannels = 8192;

    // The backbone's version hashes its weights only: how it reads videos (preprocessing.json) goes into the key with the settings.
    public string Directory { get; } = Path.Combine(root, Key(backbone.Version, options.For(ModelPreprocessing.Load(backbone.Model))));

    /// <summary>Features of every video, in order: read from the cache, or extracted by the method and stored.</summary>
    public CachedFeatures GetOrExtract(IReadOnlyList<string> videos, IProgress<ScoringProgress>? progress = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var entries = videos.Select(EntryPath).ToArray();
        var result = new VideoFeatures[videos.Count];
        var missing = new List<int>();
        for (var i = 0; i < videos.Count; i++)
        {
            if (TryRead(entries[i]) is { } cached)
            {
                result[i] = cached;
            }
            else
            {
                missing.Add(i);
            }
        }
        var fromCache = videos.Count - missing.Count;
        progress?.Report(new ScoringProgress(fromCache, videos.Count, ""));
        if (missing.Count == 0)
        {
            return new CachedFeatures(result, fromCache);
        }
        using var model = TwoStreamModel.Load(backbone.Model, new InferenceOptions());
        var scorer = new VideoScorer(model, options);
        var done = fromCache;
        foreach (var index in missing)
        {
            var scores = scorer.Score(videos[index]);
            result[index] = new VideoFeatures(scores.Rgb.Features, scores.Flow.Features);
            Write(entries[index], result[index]);
            progress?.Report(new ScoringProgress(++done, videos.Count, Path.GetFileName(videos[index])));
        }
        return new CachedFeatures(result, fromCache);
    }

    public static void Write(Stream output, VideoFeatures features)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(features.Rgb.Length);
        writer.Write(MemoryMarshal.AsBytes(features.Rgb.AsSpan()));
        writer.Write(MemoryMarshal.AsBytes(features.Flow.AsSpan()));
    }

    /// <summary>The features, or null for a foreign, truncated or wrongly sized entry (it is then recomputed).</summary>
    public static VideoFeatures? TryRead(Stream input)
    {
        using var reader = new BinaryReader(input, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                return null;
            }
            var channels = reader.ReadInt32();
            if (channels is <= 0 or > MaxFeatureChannels)
            {
                return null;
            }
            var rgb = new float[channels];
            var flow = new float[channels];
            input.ReadExactly(MemoryMarshal.AsBytes(rgb.AsSpan()));
            input.ReadExactly(MemoryMarshal.AsBytes(flow.AsSpan()));
            return input.Position == input.Length ? new VideoFeatures(rgb, flow) : null;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    private static VideoFeatures? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        using var file = File.OpenRead(path);
        return TryRead(file);
    }

    private static void Write(string path, VideoFeatures features)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temp))
        {
            Write(file, features);
        }
        File.Move(temp, path, overwrite: true);
    }

    private string EntryPath(string video)
    {
        using var file = File.OpenRead(video);
        return Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(file))[..32] + ".feat");
    }

    private static string Key(string backboneVersion, MethodOptions options) =>
        $"{backboneVersion}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.Key)))[..8]}";
}
