namespace ExerciseFunctions.Runtime.I3d;

/// <summary>
/// Multiply-adds of one I3D forward pass, counted from <see cref="I3dArchitecture"/> (convolutions only: pooling,
/// batch norm and ReLU are a rounding error). Used to express measured speed as achieved GFLOP/s.
/// </summary>
public static class I3dCost
{
    public static double MultiplyAdds(int inputChannels, int frames, int classes)
    {
        var shape = new Shape(frames, I3dArchitecture.FrameSize, I3dArchitecture.FrameSize, inputChannels);
        double total = 0;
        foreach (var layer in I3dArchitecture.Backbone)
        {
            (shape, var cost) = Apply(layer, shape);
            total += cost;
        }
        var pooledFrames = shape.T - I3dArchitecture.FinalPool.T + 1;
        return total + (double)pooledFrames * I3dArchitecture.FeatureChannels * classes;
    }

    readonly record struct Shape(int T, int H, int W, int C);

    static (Shape Output, double MultiplyAdds) Apply(I3dLayer layer, Shape input) => layer switch
    {
        Unit3D unit => Convolve(unit, input),
        MaxPool3D pool => (Same(input, pool.Stride, input.C), 0),
        MixedBlock block => Mix(block, input),
        _ => throw new NotSupportedException(layer.GetType().Name),
    };

    static (Shape, double) Mix(MixedBlock block, Shape input)
    {
        double cost = 0;
        foreach (var branch in block.Branches)
        {
            var shape = input;
            foreach (var unit in branch)
            {
                (shape, var unitCost) = Convolve(unit, shape);
                cost += unitCost;
            }
        }
        return (input with { C = block.OutChannels }, cost);
    }

    static (Shape, double) Convolve(Unit3D unit, Shape input)
    {
        var output = Same(input, unit.Stride, unit.OutChannels);
        var kernel = (double)unit.Kernel.T * unit.Kernel.H * unit.Kernel.W * input.C;
        return (output, (double)output.T * output.H * output.W * output.C * kernel);
    }

    /// <summary>TF "SAME": the output extent is the input extent divided by the stride, rounded up.</summary>
    static Shape Same(Shape input, Extent3 stride, int channels) =>
        new(Ceil(input.T, stride.T), Ceil(input.H, stride.H), Ceil(input.W, stride.W), channels);

    static int Ceil(int value, int divisor) => (value + divisor - 1) / divisor;
}
