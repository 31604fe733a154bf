using ExerciseFunctions.Modelling.Confidence;
using ExerciseFunctions.Runtime.Classification;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Evaluation;

/// <summary>
/// How well the fused top probability matches how often it is right: expected calibration error
/// (<see cref="CalibrationError"/>, <see cref="Bins"/> bins) of the plain softmax and of the model's temperature.
/// </summary>
public sealed record CalibrationSummary(double Temperature, int Bins, double ExpectedCalibrationErrorBefore, double ExpectedCalibrationErrorAfter)
{
    /// <param name="fused">Each clip's summed logits and true class.</param>
    public static CalibrationSummary Of(IReadOnlyList<LabelledLogits> fused, ConfidenceCalibration calibration)
    {
        double Error(double temperature) => CalibrationError.Expected(fused.Select(v =>
        {
            var probabilities = LogitFusion.Softmax(v.Logits, temperature);
            var top = LogitFusion.TopK(probabilities, 1)[0];
            return new ConfidencePrediction(probabilities[top], top == v.Truth);
        }).ToList());
        return new CalibrationSummary(calibration.Temperature, CalibrationError.DefaultBins, Error(1), Error(calibration.Temperature));
    }
}
