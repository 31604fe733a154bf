using ExerciseFunctions.Modelling.Training;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;
using ExerciseFunctions.Testing;

namespace ExerciseFunctions.Modelling.Tests.Training;

/// <summary>
/// A cached entry answers only for the backbone and the scoring settings that made it (the cache's documented key):
/// the same video under another name hits, another backbone or other windows compute afresh.
/// </summary>
public sealed class FeatureCacheInvalidationTests : IDisposable
{
    private static readonly MethodOptions ShortWindows = MethodOptions.Default with { WindowFrames = 16, WindowStride = 16 };
    private readonly GeneratedVideoDirectory videos = new();
    private readonly string work = Directory.CreateTempSubdirectory("feature-cache-").FullName;

    [Fact]
    public void Entries_are_reused_for_the_same_backbone_and_settings_and_recomputed_when_either_changes()
    {
        var video = videos.Write("squat.avi", new VideoSpec(64, 48, 25, 20));
        var renamed = videos.File("renamed.avi");
        File.Copy(video, renamed);
        var root = Path.Combine(work, "cache");
        var backbone = Backbone.Load(ModelWriter.WriteSeeded(Path.Combine(work, "seed-11"), ExerciseClasses.Default, seed: 11));
        var otherBackbone = Backbone.Load(ModelWriter.WriteSeeded(Path.Combine(work, "seed-12"), ExerciseClasses.Default, seed: 12));

        var first = new FeatureCache(root, backbone, ShortWindows).GetOrExtract([video]);
        var again = new FeatureCache(root, backbone, ShortWindows).GetOrExtract([renamed]);
        var otherWindows = new FeatureCache(root, backbone, ShortWindows with { WindowFrames = 12, WindowStride = 12 }).GetOrExtract([video]);
        var otherWeights = new FeatureCache(root, otherBackbone, ShortWindows).GetOrExtract([video]);

        Assert.Equal((0, 1, 0, 0), (first.FromCache, again.FromCache, otherWindows.FromCache, otherWeights.FromCache));
        Assert.Equal(first.Videos[0].Rgb, again.Videos[0].Rgb);
        Assert.NotEqual(first.Videos[0].Rgb, otherWindows.Videos[0].Rgb);
        Assert.NotEqual(first.Videos[0].Rgb, otherWeights.Videos[0].Rgb);
    }

    public void Dispose()
    {
        videos.Dispose();
        Directory.Delete(work, recursive: true);
    }
}
