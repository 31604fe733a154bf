using ExerciseFunctions.Runtime.I3d;

namespace ExerciseFunctions.Runtime.Tests.I3d;

public class I3dVariableTests
{
    public static TheoryData<string> Streams => new() { "RGB", "Flow" };

    private static I3dStream Stream(string scope) => I3dStream.Both.Single(s => s.Scope == scope);

    [Theory]
    [MemberData(nameof(Streams))]
    public void Variables_map_one_to_one_onto_the_public_checkpoint(string scope)
    {
        var expected = CheckpointVariableList.For(Stream(scope));
        var actual = I3dVariable.For(Stream(scope), CheckpointVariableList.KineticsClasses).ToDictionary(v => v.Name, v => v.TensorFlowShape);

        Assert.Equal(230, expected.Count);
        Assert.Empty(expected.Keys.Except(actual.Keys));
        Assert.Empty(actual.Keys.Except(expected.Keys));
        Assert.All(expected, pair => Assert.Equal(pair.Value, actual[pair.Key]));
    }

    [Fact]
    public void Kernels_are_stored_out_in_t_h_w_and_read_back_as_t_h_w_in_out()
    {
        var first = I3dVariable.For(I3dStream.Rgb, 6)[0];

        Assert.Equal("RGB/inception_i3d/Conv3d_1a_7x7/conv_3d/w", first.Name);
        Assert.Equal([64, 3, 7, 7, 7], first.OnnxShape);
        Assert.Equal([7, 7, 7, 3, 64], first.TensorFlowShape);
    }
}
