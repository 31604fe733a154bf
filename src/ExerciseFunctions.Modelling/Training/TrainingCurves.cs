using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Training;

/// <summary>Loss and accuracy per epoch (training and validation) as a two-panel PNG, drawn with OpenCV.</summary>
public static class TrainingCurves
{
    private const int PanelWidth = 560;
    private const int Height = 420;
    private static readonly Scalar TrainColor = new(180, 119, 31);      // BGR: blue
    private static readonly Scalar ValidationColor = new(14, 127, 255); // BGR: orange
    private static readonly Scalar Ink = new(40, 40, 40);
    private static readonly Scalar Grid = new(225, 225, 225);

    private sealed record Series(string Name, Scalar Color, IReadOnlyList<Point2d> Points);

    public static void Write(string path, IReadOnlyList<EpochMetrics> history, int bestEpoch)
    {
        using var canvas = new Mat(Height, 2 * PanelWidth, MatType.CV_8UC3, Scalar.White);
        var lastEpoch = Math.Max(1, history[^1].Epoch);
        var maxLoss = history.SelectMany(h => new[] { h.TrainLoss, h.ValidationLoss }).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        DrawPanel(canvas, new Rect(0, 0, PanelWidth, Height), "cross-entropy (fused)", lastEpoch, 0, Math.Max(maxLoss * 1.05, 1e-3), bestEpoch,
            Curves(history, h => h.TrainLoss, h => h.ValidationLoss));
        DrawPanel(canvas, new Rect(PanelWidth, 0, PanelWidth, Height), "accuracy (fused)", lastEpoch, 0, 1, bestEpoch,
            Curves(history, h => h.TrainAccuracy, h => h.ValidationAccuracy));
        if (!Cv2.ImWrite(path, canvas))
        {
            throw new IOException($"could not write {path}");
        }
    }

    private static Series[] Curves(IReadOnlyList<EpochMetrics> history, Func<EpochMetrics, double> train, Func<EpochMetrics, double> validation) =>
    [
        new("train", TrainColor, Points(history, train)),
        new("validation", ValidationColor, Points(history, validation)),
    ];

    private static Point2d[] Points(IReadOnlyList<EpochMetrics> history, Func<EpochMetrics, double> value) =>
        history.Where(h => double.IsFinite(value(h))).Select(h => new Point2d(h.Epoch, value(h))).ToArray();

    private static void DrawPanel(Mat canvas, Rect area, string title, int lastEpoch, double yMin, double yMax, int bestEpoch, IReadOnlyList<Series> series)
    {
        var plot = new Rect(area.X + 70, area.Y + 40, area.Width - 100, area.Height - 100);
        Point ToPixel(double x, double y) => new(
            plot.X + (int)Math.Round(x / lastEpoch * plot.Width),
            plot.Bottom - (int)Math.Round((y - yMin) / (yMax - yMin) * plot.Height));

        const int ticks = 5;
        for (var i = 0; i <= ticks; i++)
        {
            var y = yMin + (yMax - yMin) * i / ticks;
            var pixel = ToPixel(0, y);
            Cv2.Line(canvas, pixel, new Point(plot.Right, pixel.Y), Grid);
            Text(canvas, y.ToString(yMax < 10 ? "0.00" : "0"), new Point(plot.X - 55, pixel.Y + 5));
            var epoch = (int)Math.Round((double)lastEpoch * i / ticks);
            var tick = ToPixel(epoch, yMin);
            Cv2.Line(canvas, tick, new Point(tick.X, tick.Y + 5), Ink);
            Text(canvas, epoch.ToString(), new Point(tick.X - 8, tick.Y + 22));
        }
        Cv2.Rectangle(canvas, plot, Ink);
        var best = ToPixel(bestEpoch, yMin);
        Cv2.Line(canvas, best, new Point(best.X, plot.Y), Ink, 1, LineTypes.Link4);
        Text(canvas, "best", new Point(best.X + 3, plot.Y + 15));
        Text(canvas, title, new Point(plot.X, area.Y + 25), 0.6);
        Text(canvas, "epoch", new Point(plot.X + plot.Width / 2 - 20, area.Bottom - 22));

        foreach (var (line, index) in series.Select((s, i) => (s, i)))
        {
            var points = line.Points.Select(p => ToPixel(p.X, p.Y)).ToArray();
            if (points.Length > 1)
            {
                Cv2.Polylines(canvas, [points], isClosed: false, line.Color, 2, LineTypes.AntiAlias);
            }
            foreach (var point in points)
            {
                Cv2.Circle(canvas, point, 2, line.Color, -1, LineTypes.AntiAlias);
            }
            var legend = new Point(plot.Right - 130, plot.Y + 20 + 20 * index);
            Cv2.Line(canvas, legend, new Point(legend.X + 25, legend.Y), line.Color, 3);
            Text(canvas, line.Name, new Point(legend.X + 32, legend.Y + 5));
        }
    }

    private static void Text(Mat canvas, string text, Point origin, double scale = 0.45) =>
        Cv2.PutText(canvas, text, origin, HersheyFonts.HersheySimplex, scale, Ink, 1, LineTypes.AntiAlias);
}
