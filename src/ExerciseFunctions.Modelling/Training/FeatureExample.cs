namespace ExerciseFunctions.Modelling.Training;

/// <summary>One video's pooled 1024-d I3D features of both streams, and its class.</summary>
public sealed record FeatureExample(float[] Rgb, float[] Flow, int Label);
