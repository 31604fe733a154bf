using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Rejection;

/// <summary>A candidate's out-of-fold result at the threshold that refuses the target share of exercise clips.</summary>
public sealed record CandidateResult(string Name, double ExerciseRefused, double NonExerciseRefused);

/// <summary>The chosen rejector (refit on every clip) and how every candidate did out of fold.</summary>
public sealed record RejectionFit(RejectionParameters Parameters, string Chosen, IReadOnlyList<CandidateResult> Candidates, int ExerciseClips, int NonExerciseClips);

/// <summary>
/// Chooses and fits the rejection by measurement. Every candidate is scored out of fold (k seeded, stratified
/// folds: each clip scored by a rejector fitted without it), its threshold put where it refuses
/// <c>targetRefused</c> of the exercise clips, and the one that then refuses the most non-exercise clips wins.
/// The winner is refit on all clips; its threshold stays the out-of-fold one, as fresh clips score like held-out ones.
/// </summary>
public static class RejectionFitter
{
    public static RejectionFit Fit(IReadOnlyList<RejectionExample> examples, double targetRefused, int seed, int folds = 5,
        IReadOnlyList<RejectionCandidate>? candidates = null)
    {
        var exerciseCount = examples.Count(e => e.Class is not null);
        if (exerciseCount < folds || examples.Count - exerciseCount < folds)
        {
            throw new InvalidDataException($"Fitting a rejection needs at least {folds} exercise and {folds} non-exercise clips (got {exerciseCount} and {examples.Count - exerciseCount}).");
        }
        var fold = Folds(examples, folds, seed);
        var results = (candidates ?? RejectionCandidate.All).Select(candidate =>
        {
            var scores = OutOfFold(candidate, examples, fold, folds);
            var threshold = Threshold(scores.Where((_, i) => examples[i].Class is not null).ToArray(), targetRefused);
            double Refused(bool exercise) => scores.Where((_, i) => examples[i].Class is not null == exercise).Average(s => s < threshold ? 1.0 : 0.0);
            return (Candidate: candidate, Threshold: threshold, Result: new CandidateResult(candidate.Name, Refused(true), Refused(false)));
        }).ToArray();
        // Ties go to the earlier (simpler) candidate.
        var best = results.Aggregate((a, b) => b.Result.NonExerciseRefused > a.Result.NonExerciseRefused ? b : a);
        var parameters = best.Candidate.Fit(examples) with { Threshold = best.Threshold };
        return new RejectionFit(parameters, best.Candidate.Name, results.Select(r => r.Result).ToArray(), exerciseCount, examples.Count - exerciseCount);
    }

    /// <summary>The score below which at most <paramref name="share"/> of <paramref name="scores"/> fall.</summary>
    public static double Threshold(IReadOnlyList<double> scores, double share)
    {
        var sorted = scores.Order().ToArray();
        var refused = (int)Math.Floor(share * sorted.Length);
        return sorted[Math.Min(refused, sorted.Length - 1)];
    }

    private static double[] OutOfFold(RejectionCandidate candidate, IReadOnlyList<RejectionExample> examples, int[] fold, int folds)
    {
        var scores = new double[examples.Count];
        for (var f = 0; f < folds; f++)
        {
            var rejector = NoveltyRejector.Create(candidate.Fit(examples.Where((_, i) => fold[i] != f).ToArray()));
            for (var i = 0; i < examples.Count; i++)
            {
                if (fold[i] == f)
                {
                    var e = examples[i];
                    scores[i] = rejector.Score(e.Rgb, e.Flow, e.RgbLogits, e.FlowLogits);
                }
            }
        }
        return scores;
    }

    /// <summary>Fold of each example: per class (non-exercise is one group), shuffled with the seed, dealt round-robin.</summary>
    private static int[] Folds(IReadOnlyList<RejectionExample> examples, int folds, int seed)
    {
        var fold = new int[examples.Count];
        var random = new Random(seed);
        foreach (var group in Enumerable.Range(0, examples.Count).GroupBy(i => examples[i].Class ?? -1).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            for (var k = 0; k < members.Length; k++)
            {
                fold[members[k]] = k % folds;
            }
        }
        return fold;
    }
}
