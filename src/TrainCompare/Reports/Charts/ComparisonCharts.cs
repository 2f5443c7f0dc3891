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
        double smoothing = comparison.Options.Smoothing;
        string x = comparison.Options.Align == Alignment.Relative ? "Steps since the run's first logged step" : "Step";
        var charts = new List<ChartSpec>
        {
            new(Losses, titlePrefix + "Loss Comparison: All Runs", x, "Loss",
                Lines(comparison.Runs.Select(r => (Label(r.Run), Limit(r.Run.Loss, maxStep))), smoothing,
                    comparison.Runs.Select(r => r.Run.Bands.TryGetValue(Metrics.Loss, out var b) ? (Limit(b.Min, maxStep), Limit(b.Max, maxStep)) : ((Series, Series)?)null).ToArray())),
        };
        if (comparison.Comparisons.Count > 0)
        {
            string baseline = comparison.Baseline.Run.Label;
            charts.Add(new ChartSpec(LossesDiff, titlePrefix + "Loss Difference: Compared Runs vs Baseline", x,
                "Loss Difference",
                Lines(comparison.Comparisons.Select(c => ($"{c.Run.Run.Label} vs {baseline}", Limit(c.LossDifference, maxStep))), smoothing),
                ZeroLine: true));
        }
        charts.Add(new ChartSpec(StepTime, titlePrefix + "Step Time Comparison", "Step (after warmup)", "Time (ms)",
            Lines(comparison.Runs.Where(r => r.TimedSteps.Count > 0).Select(r => (Label(r.Run), r.TimedSteps)), 0)));
        foreach (string metric in ExtraMetrics(comparison))
        {
            charts.Add(new ChartSpec(MetricFileStem(metric), titlePrefix + Metrics.Title(metric), x, Metrics.Title(metric),
                Lines(comparison.Runs.Select(r => (Label(r.Run), r.Run.Get(metric))), 0)));
        }
        return charts;
    }

    /// <summary>The metrics beyond loss and step time that some run logged, in a stable order.</summary>
    public static IReadOnlyList<string> ExtraMetrics(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.Runs.SelectMany(r => r.Run.SeriesByMetric.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key))
            .Where(Metrics.IsExtra).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>metric_&lt;name&gt;, with anything but letters, digits, '.', '_' and '-' as '_'.</summary>
    public static string MetricFileStem(string metric) => "metric_" + OutputDirectory.SanitizePrefix(metric);

    private static Series Limit(Series s, long? maxStep) => maxStep is { } m ? s.UpToStep(m) : s;

    /// <summary>A group is labelled with its number of repeats: "baseline (mean of 3, band min–max)".</summary>
    private static string Label(Run run) => run.Repeats.Count > 1 ? $"{run.Label} (mean of {run.Repeats.Count}, band min–max)" : run.Label;

    /// <summary>
    /// Lines decimated over the chart's shared x range, so columns line up across runs. With smoothing, each
    /// series is drawn raw and faint with its smoothed line (TensorBoard's EMA) over it in the same colour.
    /// </summary>
    private static ChartLine[] Lines(IEnumerable<(string Label, Series Series)> items, double smoothing,
        (Series Min, Series Max)?[]? bands = null)
    {
        var list = items.ToArray();
        var nonEmpty = list.Where(l => l.Series.Count > 0).ToArray();
        double xMin = nonEmpty.Length == 0 ? 0 : nonEmpty.Min(l => l.Series.FirstStep);
        double xMax = nonEmpty.Length == 0 ? 0 : nonEmpty.Max(l => l.Series.LastStep);
        var lines = new List<ChartLine>();
        for (int i = 0; i < list.Length; i++)
        {
            var (label, series) = list[i];
            if (smoothing > 0)
            {
                lines.Add(MinMaxDecimator.Decimate(label, series, xMin, xMax) with { Color = i, Faint = true, InLegend = false });
                var smooth = series.WithValues(series.Metric, Smoothing.Ema(series.Values, smoothing));
                lines.Add(MinMaxDecimator.Decimate(label, smooth, xMin, xMax) with { Color = i });
            }
            else
            {
                lines.Add(MinMaxDecimator.Decimate(label, series, xMin, xMax) with { Color = i });
            }
            if (bands is not null && i < bands.Length && bands[i] is { } band)
            {
                lines[^1] = lines[^1] with { Band = MinMaxDecimator.DecimateBand(band.Min, band.Max, xMin, xMax) };
            }
        }
        return [.. lines];
    }
}
