using TrainCompare.Analysis;
using TrainCompare.Runs;

namespace TrainCompare.Reports.Charts;

/// <summary>The charts of a comparison: losses, loss difference against the baseline, step time.</summary>
public static class ComparisonCharts
{
    public const string Losses = "losses";
    public const string LossesDiff = "losses_diff";
    public const string StepTime = "step_time";

    /// <summary>
    /// What each chart shows, undecimated, in the order they are written; the difference chart only with 2+
    /// runs. Every chart format starts from this (PNG and SVG through <see cref="For"/>, Mermaid resampled).
    /// </summary>
    public static IReadOnlyList<ChartData> Data(Comparison comparison, string titlePrefix)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        long? maxStep = comparison.Options.MaxSteps;
        double smoothing = comparison.Options.Smoothing;
        string x = comparison.Options.Align == Alignment.Relative ? "Steps since the run's first logged step" : "Step";
        var charts = new List<ChartData>
        {
            new(Losses, titlePrefix + "Loss Comparison: All Runs", x, "Loss",
                comparison.Runs.Select(r => new DataLine(Label(r.Run), Limit(r.Run.Loss, maxStep),
                    r.Run.Bands.TryGetValue(Metrics.Loss, out var b) ? (Limit(b.Min, maxStep), Limit(b.Max, maxStep)) : null)).ToArray(),
                Smoothing: smoothing),
        };
        if (comparison.Comparisons.Count > 0)
        {
            string baseline = comparison.Baseline.Run.Label;
            charts.Add(new ChartData(LossesDiff, titlePrefix + "Loss Difference: Compared Runs vs Baseline", x, "Loss Difference",
                comparison.Comparisons.Select(c => new DataLine($"{c.Run.Run.Label} vs {baseline}", Limit(c.LossDifference, maxStep))).ToArray(),
                ZeroLine: true, Smoothing: smoothing));
        }
        charts.Add(new ChartData(StepTime, titlePrefix + "Step Time Comparison", "Step (after warmup)", "Time (ms)",
            // every run, even one without step times (its line is empty and not drawn), so each run keeps its colour
            comparison.Runs.Select(r => new DataLine(Label(r.Run), r.TimedSteps)).ToArray()));
        var extra = ExtraMetrics(comparison);
        var stems = MetricFileStems(extra);
        foreach (string metric in extra)
        {
            charts.Add(new ChartData(stems[metric], titlePrefix + Metrics.Title(metric), x, Metrics.Title(metric),
                comparison.Runs.Select(r => new DataLine(Label(r.Run), r.Run.Get(metric))).ToArray()));
        }
        return charts;
    }

    /// <summary>The charts to draw, each line decimated to <paramref name="columns"/> columns (min and max of each).</summary>
    public static IReadOnlyList<ChartSpec> For(Comparison comparison, string titlePrefix, int columns = MinMaxDecimator.DefaultColumns) =>
        Data(comparison, titlePrefix).Select(d => new ChartSpec(d.FileStem, d.Title, d.XLabel, d.YLabel, Lines(d, columns), d.ZeroLine)
        {
            Note = UndrawableNote(d),
        }).ToArray();

    /// <summary>How many finite values are too large to draw (<see cref="MinMaxDecimator.MaxDrawable"/>), as a note; null for none.</summary>
    private static string? UndrawableNote(ChartData chart)
    {
        int count = chart.Lines.Sum(l => Undrawable(chart.Drawn(l)));
        return count == 0 ? null
            : $"{count} {(count == 1 ? "value" : "values")} beyond ±{MinMaxDecimator.MaxDrawable:0e0} not drawn (too large to scale an axis to)";
    }

    private static int Undrawable(Series series)
    {
        int count = 0;
        foreach (double v in series.Values)
        {
            count += double.IsFinite(v) && !MinMaxDecimator.Drawable(v) ? 1 : 0;
        }
        return count;
    }

    /// <summary>The metrics beyond loss and step time that some run logged, in a stable order.</summary>
    public static IReadOnlyList<string> ExtraMetrics(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.Runs.SelectMany(r => r.Run.SeriesByMetric.Where(kv => kv.Value.Count > 0).Select(kv => kv.Key))
            .Where(Metrics.IsExtra).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The longest metric part of a chart's file name, so that a long metric name still makes a file name file systems take.</summary>
    public const int MaxMetricStemLength = 100;

    /// <summary>
    /// One file stem per metric, decided before anything is written: metric_&lt;name&gt;, with anything but
    /// letters, digits, '.', '_' and '-' as '_', at most <see cref="MaxMetricStemLength"/> characters of the
    /// name; names that would share a file (a/b, a_b and "a b"; or names that differ only in case, one file
    /// on macOS and Windows) get _2, _3, ... in name order. A name that needs no change keeps its stem.
    /// </summary>
    public static IReadOnlyDictionary<string, string> MetricFileStems(IReadOnlyList<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var stems = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string Base(string metric)
        {
            string safe = OutputDirectory.SanitizePrefix(metric);
            return "metric_" + (safe.Length > MaxMetricStemLength ? safe[..MaxMetricStemLength] : safe);
        }
        // names that are their own stem first, so a/b never takes the file of a metric really named a_b
        foreach (string metric in metrics.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (Base(metric) == "metric_" + metric && taken.Add(Base(metric)))
            {
                stems[metric] = Base(metric);
            }
        }
        foreach (string metric in metrics.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Where(m => !stems.ContainsKey(m)))
        {
            string stem = Base(metric);
            for (int n = 2; !taken.Add(stem); n++)
            {
                stem = $"{Base(metric)}_{n}";
            }
            stems[metric] = stem;
        }
        return stems;
    }

    private static Series Limit(Series s, long? maxStep) => maxStep is { } m ? s.UpToStep(m) : s;

    /// <summary>A group is labelled with its number of repeats: "baseline (mean of 3, band min–max)".</summary>
    private static string Label(Run run) => run.Repeats.Count > 1 ? $"{run.Label} (mean of {run.Repeats.Count}, band min–max)" : run.Label;

    /// <summary>
    /// Lines decimated over the chart's shared x range, so columns line up across runs. With smoothing, each
    /// series is drawn raw and faint with its smoothed line (TensorBoard's EMA) over it in the same colour.
    /// </summary>
    private static ChartLine[] Lines(ChartData chart, int columns)
    {
        var nonEmpty = chart.Lines.Where(l => l.Series.Count > 0).ToArray();
        double xMin = nonEmpty.Length == 0 ? 0 : nonEmpty.Min(l => l.Series.FirstStep);
        double xMax = nonEmpty.Length == 0 ? 0 : nonEmpty.Max(l => l.Series.LastStep);
        var lines = new List<ChartLine>();
        for (int i = 0; i < chart.Lines.Count; i++)
        {
            var line = chart.Lines[i];
            if (chart.Smoothing > 0)
            {
                lines.Add(MinMaxDecimator.Decimate(line.Label, line.Series, xMin, xMax, columns) with { Color = i, Faint = true, InLegend = false });
            }
            lines.Add(MinMaxDecimator.Decimate(line.Label, chart.Drawn(line), xMin, xMax, columns) with { Color = i });
            if (line.Band is { } band)
            {
                lines[^1] = lines[^1] with { Band = MinMaxDecimator.DecimateBand(band.Min, band.Max, xMin, xMax, columns) };
            }
        }
        return [.. lines];
    }
}

/// <summary>One run's series on a chart, with the min–max band of a group's repeats.</summary>
public sealed record DataLine(string Label, Series Series, (Series Min, Series Max)? Band = null);

/// <summary>What a chart shows before it is drawn: whole series, not yet decimated or resampled.</summary>
/// <param name="Smoothing">TensorBoard EMA weight applied to the drawn lines; 0 for none.</param>
public sealed record ChartData(string FileStem, string Title, string XLabel, string YLabel, IReadOnlyList<DataLine> Lines,
    bool ZeroLine = false, double Smoothing = 0)
{
    /// <summary>The series as the chart's main line shows it: smoothed when the chart is.</summary>
    public Series Drawn(DataLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Smoothing > 0 ? line.Series.WithValues(line.Series.Metric, Analysis.Smoothing.Ema(line.Series.Values, Smoothing)) : line.Series;
    }
}
