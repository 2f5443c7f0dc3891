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
                comparison.Runs.Select(r => Line(r.Run.Label, Limit(r.Run.Loss, maxStep))).ToArray()),
        };
        if (comparison.Comparisons.Count > 0)
        {
            string baseline = comparison.Baseline.Run.Label;
            charts.Add(new ChartSpec(LossesDiff, titlePrefix + "Loss Difference: Compared Runs vs Baseline", "Step",
                "Loss Difference",
                comparison.Comparisons.Select(c => Line($"{c.Run.Run.Label} vs {baseline}",
                    c.LossDifference.Steps, c.LossDifference.Values, maxStep)).ToArray(),
                ZeroLine: true));
        }
        charts.Add(new ChartSpec(StepTime, titlePrefix + "Step Time Comparison", "Step (after warmup)", "Time (ms)",
            comparison.Runs.Where(r => r.TimedSteps.Count > 0).Select(r => Line(r.Run.Label, r.TimedSteps)).ToArray()));
        return charts;
    }

    private static Series Limit(Series s, long? maxStep) => maxStep is { } m ? s.UpToStep(m) : s;

    private static ChartLine Line(string label, Series s) => Line(label, s.Steps, s.Values, null);

    /// <summary>A line with non-finite values left out (they cannot be drawn; the summary reports them).</summary>
    private static ChartLine Line(string label, ReadOnlySpan<long> steps, ReadOnlySpan<double> values, long? maxStep)
    {
        var xs = new List<double>(steps.Length);
        var ys = new List<double>(steps.Length);
        for (int i = 0; i < steps.Length; i++)
        {
            if (maxStep is { } m && steps[i] > m)
            {
                break;
            }
            if (double.IsFinite(values[i]))
            {
                xs.Add(steps[i]);
                ys.Add(values[i]);
            }
        }
        return new ChartLine(label, [.. xs], [.. ys]);
    }
}
