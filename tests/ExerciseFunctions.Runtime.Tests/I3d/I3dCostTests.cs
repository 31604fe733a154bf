using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Runtime.Tests.I3d;

public sealed class I3dCostTests
{
    // Counted by tools/reference/i3d_reference.py over the convolutions of its own PyTorch I3D (output elements x
    // kernel volume x input channels), not from the architecture table the cost and the builder share.
    [Theory]
    [InlineData("RGB", 9, 6)]
    [InlineData("RGB", 16, 6)]
    [InlineData("RGB", 64, 400)]
    [InlineData("Flow", 9, 400)]
    [InlineData("Flow", 16, 6)]
    [InlineData("Flow", 64, 6)]
    public void Multiply_adds_equal_the_count_over_the_reference_model(string scope, int frames, int classes)
    {
        var stream = I3dStream.Both.Single(s => s.Scope == scope);

        Assert.Equal(Reference.MultiplyAdds(stream, frames, classes), I3dCost.MultiplyAdds(stream.Channels, frames, classes));
    }

    // The figures an earlier probe counted over the full ONNX graph (docs: verified-on-this-machine.md).
    [Theory]
    [InlineData(3, 111.2)]
    [InlineData(2, 102.3)]
    public void Multiply_adds_at_64_frames_are_the_published_figures(int channels, double expectedGiga) =>
        Assert.Equal(expectedGiga, I3dCost.MultiplyAdds(channels, 64, 400) / 1e9, precision: 1);
}
