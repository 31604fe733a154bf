namespace ExerciseFunctions.Modelling.Rejection;

/// <summary>One clip as the rejector sees it: both streams' pooled features and logits, and its class (null: not an exercise).</summary>
public sealed record RejectionExample(float[] Rgb, float[] Flow, float[] RgbLogits, float[] FlowLogits, int? Class);
