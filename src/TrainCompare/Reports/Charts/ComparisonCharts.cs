using TrainCompare.Analysis;
using TrainCompare.Runs;

namespace TrainCompare.Reports.Charts;

/// <summary>The charts of a comparison: losses, loss difference against the baseline, step time.</summary>
public static class ComparisonCharts
{
    public const string Losses = "losses";
    public const string LossesDiff = "losses_diff";
    public const string StepTime = "step_time";

    /// <summary>The charts to draw, in the order they are written; the difference chart only with 2+ runs.</summary>
    public static IReadOnlyList<ChartSpec> For(Comparison comparison, string titlePrefix)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        long? maxStep = comparison.Options.MaxSteps;
        var charts = new List<ChartSpec>
        {
            new(Losses, titlePrefix + "Loss Comparison: All Runs", "Step", "Loss",
                Lines(comparison.Runs.Select(r => (r.Run.Label, Limit(r.Run.Loss, maxStep))))),
        };
        if (comparison.Comparisons.Count > 0)
        {
            string baseline = comparison.Baseline.Run.Label;
            charts.Add(new ChartSpec(LossesDiff, titlePrefix + "Loss Difference: Compared Runs vs Baseline", "Step",
                "Loss Difference",
                Lines(comparison.Comparisons.Select(c => ($"{c.Run.Run.Label} vs {baseline}", Limit(c.LossDifference, maxStep)))),
                ZeroLine: true));
        }
        charts.Add(new ChartSpec(StepTime, titlePrefix + "Step Time Comparison", "Step (after warmup)", "Time (ms)",
            Lines(comparison.Runs.Where(r => r.TimedSteps.Count > 0).Select(r => (r.Run.Label, r.TimedSteps)))));
        return charts;
    }

    private static Series Limit(Series s, long? maxStep) => maxStep is { } m ? s.UpToStep(m) : s;

    /// <summary>Lines decimated over the chart's shared x range, so columns line up across runs.</summary>
    private static ChartLine[] Lines(IEnumerable<(string Label, Series Series)> items)
    {
        var list = items.ToArray();
        var nonEmpty = list.Where(l => l.Series.Count > 0).ToArray();
        double xMin = nonEmpty.Length == 0 ? 0 : nonEmpty.Min(l => l.Series.FirstStep);
        double xMax = nonEmpty.Length == 0 ? 0 : nonEmpty.Max(l => l.Series.LastStep);
        return list.Select(l => MinMaxDecimator.Decimate(l.Label, l.Series, xMin, xMax)).ToArray();
    }
}
