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
    public void Curves_plot_each_series_in_its_colour_and_direction()
    {
        var path = Path.Combine(Path.GetTempPath(), $"curves-{Guid.NewGuid():N}.png");
        // Loss falls and accuracy rises; validation accuracy stays below training accuracy.
        var history = Enumerable.Range(0, 12).Select(e => new EpochMetrics(e, 2.0 / (e + 1), e / 11.0, 2.5 / (e + 1), e / 22.0)).ToArray();
        try
        {
            TrainingCurves.Write(path, history, bestEpoch: 9);

            using var image = Cv2.ImRead(path);
            Assert.Equal((420, 1120), (image.Rows, image.Cols));
            var (loss, accuracy) = (0, 560);
            // Rows grow downwards: a falling curve sits lower (larger row) on the right than on the left.
            Assert.True(MedianRow(image, Blue, loss, Late) > MedianRow(image, Blue, loss, Early) + 40, "training loss falls");
            Assert.True(MedianRow(image, Orange, loss, Late) > MedianRow(image, Orange, loss, Early) + 40, "validation loss falls");
            Assert.True(MedianRow(image, Blue, accuracy, Late) < MedianRow(image, Blue, accuracy, Early) - 100, "training accuracy rises");
            Assert.True(MedianRow(image, Orange, accuracy, Late) > MedianRow(image, Blue, accuracy, Late) + 50, "validation accuracy below training");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Matplotlib's default blue and orange (BGR), the colours the report's legend names.
    private static readonly Vec3b Blue = new(180, 119, 31);
    private static readonly Vec3b Orange = new(14, 127, 255);
    private static readonly (int From, int To) Early = (90, 190), Late = (300, 380); // columns within a panel, clear of the legend

    private static double MedianRow(Mat image, Vec3b colour, int panelLeft, (int From, int To) columns)
    {
        var (height, width) = (image.Rows, image.Cols);
        image.GetArray(out Vec3b[] pixels);
        var rows = new List<int>();
        for (var x = panelLeft + columns.From; x < panelLeft + columns.To; x++)
        for (var y = 0; y < height; y++)
        {
            var pixel = pixels[y * width + x];
            if (Math.Abs(pixel.Item0 - colour.Item0) + Math.Abs(pixel.Item1 - colour.Item1) + Math.Abs(pixel.Item2 - colour.Item2) < 40)
                rows.Add(y);
        }
        Assert.NotEmpty(rows);
        return rows.Order().ElementAt(rows.Count / 2);
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
