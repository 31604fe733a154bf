using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Runtime.Tests.I3d;

public sealed class I3dCostTests
{
    // Counted independently by a probe over the full ONNX graph on this machine (verified-on-this-machine.md).
    [Theory]
    [InlineData(3, 111.2)]
    [InlineData(2, 102.3)]
    public void Multiply_adds_at_64_frames_match_the_graph_count(int channels, double expectedGiga) =>
        Assert.Equal(expectedGiga, I3dCost.MultiplyAdds(channels, 64, 400) / 1e9, precision: 1);

    [Fact]
    public void Cost_grows_with_the_number_of_frames() =>
        Assert.True(I3dCost.MultiplyAdds(3, 140, 6) > 2 * I3dCost.MultiplyAdds(3, 64, 6));
}
