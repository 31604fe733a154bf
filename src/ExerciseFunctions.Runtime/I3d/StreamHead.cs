namespace ExerciseFunctions.Runtime.I3d;

/// <summary>A stream's logits layer: weights [classes, features] (row per class) and biases [classes].</summary>
public sealed record StreamHead(float[] Weights, float[] Biases)
{
    public int Classes => Biases.Length;

    public int FeatureChannels => Classes == 0 ? 0 : Weights.Length / Classes;

    public StreamHead Validate(string what, int featureChannels)
    {
        if (Biases.Length == 0 || Weights.Length != Biases.Length * featureChannels)
        {
            throw new InvalidDataException(
                $"{what}: head weights have {Weights.Length} values for {Biases.Length} classes (expected classes x {featureChannels}).");
        }
        return this;
    }
}

/// <summary>Replaces the logits layer of another weight source with a given head.</summary>
public sealed class HeadOverlay(IWeightSource backbone, StreamHead head) : IWeightSource
{
    public float[] Read(I3dVariable variable)
    {
        if (!variable.Name.Contains(I3dArchitecture.LogitsLayer, StringComparison.Ordinal))
        {
            return backbone.Read(variable);
        }
        var values = variable.Kind == VariableKind.ConvBias ? head.Biases : head.Weights;
        if (values.Length != variable.ElementCount)
        {
            throw new InvalidDataException($"Head for {variable.Name} has {values.Length} values, the graph needs {variable.ElementCount}.");
        }
        return values;
    }
}
