using ExerciseFunctions.Modelling.Confidence;

namespace ExerciseFunctions.Modelling.Tests.Confidence;

public sealed class CalibrationErrorTests
{
    [Fact]
    public void Expected_calibration_error_weights_each_bins_gap_by_its_share()
    {
        ConfidencePrediction[] predictions =
        [
            new(0.95, true), new(0.95, false), // bin (14/15, 1]: accuracy 0.5, confidence 0.95, gap 0.45, 2 of 7
            new(0.55, true),                    // bin (8/15, 9/15]: gap 0.45, 1 of 7
            new(0.35, false),                   // bin (5/15, 6/15]: gap 0.35, 1 of 7
            new(0.81, true), new(0.85, true),   // bin (12/15, 13/15]: accuracy 1, confidence 0.83, gap 0.17, 2 of 7
            new(0.8, false),                    // bin (11/15, 12/15] (right edge included): gap 0.8, 1 of 7
        ];

        // (2 x 0.45 + 0.45 + 0.35 + 2 x 0.17 + 0.8) / 7 = 2.84 / 7
        Assert.Equal(2.84 / 7, CalibrationError.Expected(predictions), precision: 12);
    }
}
