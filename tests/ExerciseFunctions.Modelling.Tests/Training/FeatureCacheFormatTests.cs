using ExerciseFunctions.Modelling.Training;

namespace ExerciseFunctions.Modelling.Tests.Training;

public class FeatureCacheFormatTests
{
    private static VideoFeatures Sample() => new(
        Enumerable.Range(0, 1024).Select(i => i * 0.5f).ToArray(),
        Enumerable.Range(0, 1024).Select(i => -i * 0.25f).ToArray());

    [Fact]
    public void Entries_round_trip_exactly()
    {
        using var stream = new MemoryStream();
        var features = Sample();

        FeatureCache.Write(stream, features);
        stream.Position = 0;
        var read = FeatureCache.TryRead(stream);

        Assert.Equal(8 + 4 + 2 * 1024 * 4, stream.Length);
        Assert.Equal(features.Rgb, read!.Rgb);
        Assert.Equal(features.Flow, read.Flow);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("foreign")]
    [InlineData("trailing")]
    public void Damaged_entries_read_as_missing_so_they_are_recomputed(string damage)
    {
        using var stream = new MemoryStream();
        FeatureCache.Write(stream, Sample());
        var bytes = stream.ToArray();
        bytes = damage switch
        {
            "truncated" => bytes[..^10],
            "foreign" => [.. "NOTAFEAT"u8, .. bytes[8..]],
            _ => [.. bytes, 0],
        };

        Assert.Null(FeatureCache.TryRead(new MemoryStream(bytes)));
    }
}
