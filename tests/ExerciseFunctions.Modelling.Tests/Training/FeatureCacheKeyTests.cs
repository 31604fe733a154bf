using ExerciseFunctions.Modelling.Training;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Tests.Training;

public sealed class FeatureCacheKeyTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("cache-key-").FullName;

    [Fact]
    public void Features_read_as_the_reference_preprocessing_are_cached_apart_from_the_default_ones()
    {
        var model = ModelWriter.WriteSeeded(Path.Combine(work, "backbone"), ExerciseClasses.Default, seed: 5);
        var plain = new FeatureCache(work, Backbone.Load(model), MethodOptions.Default).Directory;

        File.WriteAllText(Path.Combine(model.Path, ModelPreprocessing.FileName), """{"channelOrder": "bgr", "frameRate": "source"}""");
        var reference = new FeatureCache(work, Backbone.Load(model), MethodOptions.Default).Directory;

        Assert.NotEqual(plain, reference);
    }

    public void Dispose() => Directory.Delete(work, recursive: true);
}
