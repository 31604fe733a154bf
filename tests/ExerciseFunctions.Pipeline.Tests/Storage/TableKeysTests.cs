using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Pipeline.Tests.Storage;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("plain.mp4")]
    [InlineData("with space/and#hash?and%25.mp4")]
    [InlineData("back\\slash\ttab.mp4")]
    [InlineData("übung-深蹲-😀.mp4")]
    public void Short_names_encode_reversibly_into_allowed_characters(string name)
    {
        var key = TableKeys.ForVideo("videos", name);

        Assert.Matches("^[A-Za-z0-9_-]+$", key);
        Assert.Equal($"videos/{name}", TableKeys.Decode(key));
    }

    [Fact]
    public void Very_long_names_stay_under_the_key_limit_and_distinct()
    {
        var stem = string.Concat(Enumerable.Repeat("深蹲", 400));
        var a = TableKeys.ForVideo("videos", stem + "a.mp4");
        var b = TableKeys.ForVideo("videos", stem + "b.mp4");

        Assert.InRange(a.Length, 1, TableKeys.MaxKeyLength);
        Assert.NotEqual(a, b);
        Assert.Matches("^[A-Za-z0-9_.-]+$", a);
    }

    [Fact]
    public void Names_that_differ_only_in_forbidden_characters_get_different_keys()
    {
        string[] names = ["a/b.mp4", "a\\b.mp4", "a#b.mp4", "a?b.mp4", "ab.mp4", "a b.mp4"];
        Assert.Equal(names.Length, names.Select(n => TableKeys.ForVideo("videos", n)).Distinct().Count());
    }
}
