namespace ExerciseFunctions.Modelling.Evaluation;

/// <summary>Precision and recall of one class; null where undefined (nothing predicted as, or nothing labelled as, the class).</summary>
public sealed record ClassMetrics(double? Precision, double? Recall, int Support);

/// <summary>Accuracy, confusion matrix (rows: true class, columns: predicted) and per-class precision/recall.</summary>
public sealed record ClassificationMetrics(double? Accuracy, int Count, int[][] Confusion, IReadOnlyList<ClassMetrics> PerClass)
{
    public static ClassificationMetrics From(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException($"{truth.Count} true labels but {predicted.Count} predictions.");
        }
        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (var i = 0; i < truth.Count; i++)
        {
            confusion[truth[i]][predicted[i]]++;
        }
        var correct = Enumerable.Range(0, classes).Sum(k => confusion[k][k]);
        var perClass = Enumerable.Range(0, classes).Select(k =>
        {
            var predictedAs = confusion.Sum(row => row[k]);
            var labelledAs = confusion[k].Sum();
            return new ClassMetrics(Ratio(confusion[k][k], predictedAs), Ratio(confusion[k][k], labelledAs), labelledAs);
        }).ToArray();
        return new ClassificationMetrics(Ratio(correct, truth.Count), truth.Count, confusion, perClass);
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
