namespace ExerciseFunctions.Core.Inference;

public static class LogitFusion
{
    public static float[] Average(IReadOnlyList<float[]> windowLogits) => throw new NotImplementedException();

    public static float[] Fuse(float[] rgbLogits, float[] flowLogits, double rgbWeight, double flowWeight) => throw new NotImplementedException();

    public static double[] Softmax(IReadOnlyList<float> logits) => throw new NotImplementedException();
}
