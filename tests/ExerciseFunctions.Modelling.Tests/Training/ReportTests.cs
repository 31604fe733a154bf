using ExerciseFunctions.Modelling.Evaluation;
using ExerciseFunctions.Modelling.Training;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Tests.Training;

public class ReportTests
{
    private static readonly string[] Labels = ["a", "b", "c"];

    [Fact]
    public void Metrics_count_the_confusion_matrix_and_per_class_precision_and_recall()
    {
        int[] truth = [0, 0, 0, 1, 1, 2];
        int[] predicted = [0, 0, 1, 1, 1, 1];

        var metrics = ClassificationMetrics.From(truth, predicted, 3);

        Assert.Equal(4.0 / 6, metrics.Accuracy);
        Assert.Equal([[2, 1, 0], [0, 2, 0], [0, 1, 0]], metrics.Confusion);
        Assert.Equal(new ClassMetrics(1.0, 2.0 / 3, 3), metrics.PerClass[0]);
        Assert.Equal(new ClassMetrics(0.5, 1.0, 2), metrics.PerClass[1]);
        Assert.Equal(new ClassMetrics(null, 0.0, 1), metrics.PerClass[2]);
    }

    [Fact]
    public void Summary_scores_each_stream_alone_and_their_sum()
    {
        // RGB alone is right on the first video only, flow alone on the second only; the sums on both.
        ScoredVideo[] videos =
        [
            new(0, [3, 0, 0], [0, 1, 0]),
            new(1, [1, 0, 0], [0, 3, 0]),
        ];

        var summary = EvaluationSummary.Of(videos, Labels);

        Assert.Equal(1.0, summary.Accuracy);
        Assert.Equal(0.5, summary.RgbAccuracy);
        Assert.Equal(0.5, summary.FlowAccuracy);
        Assert.Equal(2, summary.Count);
        Assert.Equal(["a", "b", "c"], summary.PerClass.Keys);
    }

    [Fact]
    public void Curves_are_written_as_a_png_with_both_panels()
    {
        var path = Path.Combine(Path.GetTempPath(), $"curves-{Guid.NewGuid():N}.png");
        var history = Enumerable.Range(0, 12).Select(e => new EpochMetrics(e, 2.0 / (e + 1), e / 12.0, 2.5 / (e + 1), e / 14.0)).ToArray();
        try
        {
            TrainingCurves.Write(path, history, bestEpoch: 9);

            using var image = Cv2.ImRead(path);
            Assert.Equal(420, image.Rows);
            Assert.Equal(1120, image.Cols);
            // Something other than the white background is drawn in both panels.
            using var gray = image.CvtColor(ColorConversionCodes.BGR2GRAY);
            Assert.True(Cv2.CountNonZero(gray[new Rect(0, 0, 560, 420)].LessThan(200)) > 1000);
            Assert.True(Cv2.CountNonZero(gray[new Rect(560, 0, 560, 420)].LessThan(200)) > 1000);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Markdown_report_has_the_accuracy_table_and_the_confusion_matrix()
    {
        var summary = EvaluationSummary.Of([new ScoredVideo(2, [0, 0, 1], [0, 0, 1])], Labels);
        var report = new TrainingReport(Labels, "abc123", new HeadTrainingOptions(), 4, 0.5,
            new Dictionary<string, EvaluationSummary> { [TrainingReport.TrainSplit] = summary, [TrainingReport.TestSplit] = summary },
            [new EpochMetrics(0, 1, 0.5, 1, 0.5)], new TrainingTimings(10, 1, 0, 0.1));

        var markdown = report.ToMarkdown();

        Assert.Contains("| test | 1 | 100.0% | 100.0% | 100.0% |", markdown);
        Assert.Contains("| 2 c | 0 | 0 | 1 |", markdown);
        Assert.Contains("\"bestEpoch\": 4", report.ToJson());
    }
}
