using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>One compare run against the baseline.</summary>
/// <param name="Speedup">Baseline mean step time over this run's; null when either has no step times.</param>
public sealed record RunComparison(RunSummary Run, double? Speedup, Series LossDifference);

/// <summary>The whole analysis: every number a report shows comes from here.</summary>
public sealed record Comparison(ComparisonOptions Options, IReadOnlyList<RunSummary> Runs, IReadOnlyList<RunComparison> Comparisons)
{
    public RunSummary Baseline => Runs[0];

    /// <summary>Analyses <paramref name="runs"/>; the first is the baseline.</summary>
    public static Comparison Of(IReadOnlyList<Run> runs, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        var summaries = runs.Select(r => RunSummary.Of(r, options)).ToArray();
        var baseline = summaries[0];
        var comparisons = summaries.Skip(1).Select(s => new RunComparison(
            s,
            baseline.StepTime is { } b && s.StepTime is { } t ? b.Mean / t.Mean : null,
            LossDifference.Between(s.Run.Loss, baseline.Run.Loss))).ToArray();
        return new Comparison(options, summaries, comparisons);
    }
}
