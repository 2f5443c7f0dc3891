using System.Globalization;
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
    /// Every line carries its run's colour (<see cref="ChartPalette.Of"/>), so a run looks the same in every chart.
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
                comparison.Runs.Select((r, i) => new DataLine(Label(r.Run), Limit(r.Run.Loss, maxStep),
                    r.Run.Bands.TryGetValue(Metrics.Loss, out var b) ? (Limit(b.Min, maxStep), Limit(b.Max, maxStep)) : null, i)).ToArray(),
                Smoothing: smoothing)
            {
                Layered = true,
                Smoothed = smoothing > 0 ? Inv($"EMA {smoothing} (--smooth)") : null,
            },
        };
        if (comparison.Comparisons.Count > 0)
        {
            charts.Add(Difference(comparison, titlePrefix, x));
        }
        charts.Add(new ChartData(StepTime, titlePrefix + "Step Time Comparison", StepAfterWarmup, "Time (ms)",
            // every run, even one without step times (its line is empty and not drawn), so each run keeps its colour
            comparison.Runs.Select((r, i) => new DataLine(Label(r.Run), r.TimedSteps, Color: i)).ToArray())
        {
            ClipOutliers = true,
            ValueNoun = "step times",
            Unit = "ms",
        });
        var extra = ExtraMetrics(comparison);
        var stems = MetricFileStems(extra);
        foreach (string metric in extra)
        {
            // evaluated losses are losses: shown from the first step, as losses.png is; the rest skip warm-up as step times do
            bool evaluated = metric is Metrics.ValLoss or Metrics.EvalTrainLoss;
            charts.Add(new ChartData(stems[metric], titlePrefix + Metrics.Title(metric) + LoggedBy(comparison, metric),
                evaluated ? x : StepAfterWarmup, Metrics.Title(metric),
                comparison.Runs.Select((r, i) => new DataLine(Label(r.Run), evaluated ? r.Run.Get(metric) : AfterWarmup(r, metric), Color: i)).ToArray())
            {
                // throughput falls to nothing while a checkpoint is written, as step times rise
                ClipOutliers = RunSummary.ThroughputMetrics.Contains(metric),
            });
        }
        return charts;
    }

    private const string StepAfterWarmup = "Step (after warmup)";

    /// <summary>
    /// Each compare run's loss minus the baseline's, in the run's colour: smoothed over the raw difference (faint) —
    /// the --smooth EMA when given, which the divergence check uses too, or else a centred rolling mean — with the
    /// tolerance band the divergence check held the difference to and a line at the step it diverged.
    /// </summary>
    private static ChartData Difference(Comparison comparison, string titlePrefix, string x)
    {
        long? maxStep = comparison.Options.MaxSteps;
        double smoothing = comparison.Options.Smoothing;
        string baseline = comparison.Baseline.Run.Label;
        var lines = comparison.Comparisons.Select(c => new DataLine($"{c.Run.Run.Label} vs {baseline}", Limit(c.LossDifference, maxStep),
            Color: ChartPalette.Of(comparison, c.Run))).ToArray();
        int window = smoothing > 0 ? 0 : RollingMean.WindowFor(lines.Max(l => l.Series.Count));
        var bands = new List<ChartHorizontalBand>();
        var markers = new List<ChartMarker>();
        foreach (var c in comparison.Comparisons)
        {
            int color = ChartPalette.Of(comparison, c.Run);
            if (c.Loss.Tolerance is { } t)
            {
                bands.Add(new ChartHorizontalBand(-t, t, color, Inv($"{c.Run.Run.Label}: tolerance ±{Number(t)}")));
            }
            if (c.Loss.DivergenceStep is { } step && (maxStep is null || step <= maxStep))
            {
                markers.Add(new ChartMarker(step, color, Inv($"{c.Run.Run.Label} diverges at step {step}")));
            }
        }
        return new ChartData(LossesDiff, titlePrefix + "Loss Difference: Compared Runs vs Baseline", x, "Loss Difference", lines,
            ZeroLine: true, Smoothing: smoothing)
        {
            MeanWindow = window,
            ClipOutliers = true,
            ValueNoun = "differences",
            HorizontalBands = bands,
            Markers = markers,
            Smoothed = window > 0 ? Inv($"centred mean of {window} logged steps") : smoothing > 0 ? Inv($"EMA {smoothing} (--smooth)") : null,
        };
    }

    /// <summary>" (only fused logs it)", " (baseline does not log it)", or nothing when every run logs the metric.</summary>
    private static string LoggedBy(Comparison comparison, string metric)
    {
        var logged = comparison.Runs.Where(r => r.Run.Get(metric).Count > 0).Select(r => r.Run.Label).ToArray();
        var missing = comparison.Runs.Where(r => r.Run.Get(metric).Count == 0).Select(r => r.Run.Label).ToArray();
        return missing.Length == 0 ? ""
            : logged.Length == 1 ? $" (only {logged[0]} logs it)"
            : $" ({string.Join(", ", missing)} {(missing.Length == 1 ? "does" : "do")} not log it)";
    }

    /// <summary>
    /// A metric from the run's first step time after warm-up on, as step_time.png starts; without step times, after as
    /// many values as the step-time warm-up skips (as the throughput table does).
    /// </summary>
    private static Series AfterWarmup(RunSummary run, string metric)
    {
        var series = run.Run.Get(metric);
        if (run.TimedSteps.Count > 0)
        {
            return series.Skip(series.CountUpTo(run.TimedSteps.FirstStep - 1));
        }
        if (run.Run.StepTimeMs.Count > 0)
        {
            return series.Skip(series.CountUpTo(run.Run.StepTimeMs.LastStep)); // warm-up took every step time
        }
        return series.Skip(run.WarmupSkipped.DefaultIfEmpty(0).Max());
    }

    /// <summary>The charts to draw, each line decimated to <paramref name="columns"/> columns (min and max of each).</summary>
    public static IReadOnlyList<ChartSpec> For(Comparison comparison, string titlePrefix, int columns = MinMaxDecimator.DefaultColumns) =>
        Data(comparison, titlePrefix).Select(d => Spec(d, columns)).ToArray();

    private static ChartSpec Spec(ChartData chart, int columns)
    {
        var range = chart.ClipOutliers ? Clip(chart) : null;
        var lines = Lines(chart, columns, range);
        var drawn = lines.Where(l => l.Xs.Length > 0).ToArray();
        double xMin = drawn.Length == 0 ? 0 : drawn.Min(l => l.Xs[0]), xMax = drawn.Length == 0 ? 0 : drawn.Max(l => l.Xs[^1]);
        return new ChartSpec(chart.FileStem, chart.Title, chart.XLabel, chart.YLabel, lines, chart.ZeroLine)
        {
            Note = UndrawableNote(chart),
            YRange = range,
            HorizontalBands = drawn.Length == 0 ? [] : OnAxis(chart, range),
            Markers = chart.Markers.Where(m => m.X >= xMin && m.X <= xMax).ToArray(),
            Notes = LineNotes(chart),
        };
    }

    /// <summary>What the lines are when smoothed, and which of them the divergence check holds to the tolerance.</summary>
    private static string[] LineNotes(ChartData chart)
    {
        if (chart.Smoothed is not { } how)
        {
            return [];
        }
        string check = chart.HorizontalBands.Count == 0 ? "" : ", which the divergence check holds to the tolerance";
        // the check smooths with the --smooth EMA (none by default), never with the chart's rolling mean
        return chart.Smoothing > 0 ? [$"lines: {how}{check}; faint: every step"] : [$"lines: {how}; faint: every step{check}"];
    }

    /// <summary>
    /// The bands, each marked off the axis when it reaches more than four times as far from zero as the values drawn
    /// (a --loss-tolerance of 0.5 against differences of 0.005): the axis then fits the values, and the legend tells the band.
    /// </summary>
    private static ChartHorizontalBand[] OnAxis(ChartData chart, ChartRange? range)
    {
        double reach = 0;
        if (range is not null)
        {
            reach = Math.Max(Math.Abs(range.Low), Math.Abs(range.High));
        }
        else
        {
            foreach (var line in chart.Lines)
            {
                var all = OutlierRange.Outside(line.Series, 0, 0);
                reach = double.IsFinite(all.Min) ? Math.Max(reach, Math.Max(-all.Min, all.Max)) : reach;
            }
        }
        return chart.HorizontalBands.Select(b => Math.Max(Math.Abs(b.Low), Math.Abs(b.High)) <= 4 * reach ? b
            : b with { OnAxis = false, Label = b.Label + ", beyond the axis" }).ToArray();
    }

    /// <summary>The y range without the outliers (<see cref="OutlierRange"/>), when cutting them is worth it; null otherwise.</summary>
    private static ChartRange? Clip(ChartData chart)
    {
        if (OutlierRange.Of(chart.Lines.Select(l => l.Series)) is not { Clipped: true } range)
        {
            return null;
        }
        int above = 0, below = 0;
        double highest = double.NegativeInfinity, lowest = double.PositiveInfinity;
        foreach (var line in chart.Lines)
        {
            var outside = OutlierRange.Outside(line.Series, range.Low, range.High);
            above += outside.Above;
            below += outside.Below;
            highest = Math.Max(highest, outside.Max);
            lowest = Math.Min(lowest, outside.Min);
        }
        string noun = chart.ValueNoun;
        return new ChartRange(range.Low, range.High, above, below,
            above == 0 ? null : $"{above} {(above == 1 ? Singular(noun) : noun)} above {Value(chart, range.High)} not shown at scale (up to {Value(chart, highest)})",
            below == 0 ? null : $"{below} {(below == 1 ? Singular(noun) : noun)} below {Value(chart, range.Low)} not shown at scale (down to {Value(chart, lowest)})");
    }

    private static string Singular(string noun) => noun.EndsWith('s') ? noun[..^1] : noun;

    /// <summary>A value as a note says it: milliseconds from a second on as seconds, three significant digits or whole thousands.</summary>
    private static string Value(ChartData chart, double v) => chart.Unit == "ms" && Math.Abs(v) >= 1000 ? Number(v / 1000) + " s"
        : chart.Unit is { } unit ? Number(v) + " " + unit
        : Number(v);

    private static string Number(double v) => Math.Abs(v) >= 1000 ? Inv($"{v:#,0}") : v.ToString("G3", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>How many finite values are too large to draw (<see cref="MinMaxDecimator.MaxDrawable"/>), as a note; null for none.</summary>
    private static string? UndrawableNote(ChartData chart)
    {
        // the rolling mean leaves undrawable values where they are and makes none, so the raw series tell; an EMA may
        int count = chart.Lines.Sum(l => Undrawable(chart.Smoothing > 0 ? chart.Drawn(l) : l.Series));
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
    /// Lines decimated over the chart's shared x range, so columns line up across runs, each in its run's colour. With
    /// smoothing (the --smooth EMA, or the difference chart's rolling mean), each series is drawn raw and faint with
    /// its smoothed line over it in the same colour. A layered chart draws its first line (the baseline) widest and
    /// each later one narrower, so that lines which agree all stay visible. With a clipped y range, each line carries
    /// the steps of its values beyond it, at most one a column, to be marked at the edge.
    /// </summary>
    private static ChartLine[] Lines(ChartData chart, int columns, ChartRange? range)
    {
        var nonEmpty = chart.Lines.Where(l => l.Series.Count > 0).ToArray();
        double xMin = nonEmpty.Length == 0 ? 0 : nonEmpty.Min(l => l.Series.FirstStep);
        double xMax = nonEmpty.Length == 0 ? 0 : nonEmpty.Max(l => l.Series.LastStep);
        var lines = new List<ChartLine>();
        int layer = 0;
        for (int i = 0; i < chart.Lines.Count; i++)
        {
            var line = chart.Lines[i];
            int color = line.Color >= 0 ? line.Color : i;
            if (chart.Smoothing > 0 || chart.MeanWindow > 0)
            {
                lines.Add(MinMaxDecimator.Decimate(line.Label, line.Series, xMin, xMax, columns) with { Color = color, Faint = true, InLegend = false });
            }
            var main = MinMaxDecimator.Decimate(line.Label, chart.Drawn(line), xMin, xMax, columns) with
            {
                Color = color,
                Width = chart.Layered ? LayerWidth(layer, nonEmpty.Length) : 1,
            };
            if (line.Band is { } band)
            {
                main = main with { Band = MinMaxDecimator.DecimateBand(band.Min, band.Max, xMin, xMax, columns) };
            }
            if (range is not null)
            {
                main = main with
                {
                    ClippedAbove = StepsBeyond(line.Series, range.High, above: true, xMin, xMax, columns),
                    ClippedBelow = StepsBeyond(line.Series, range.Low, above: false, xMin, xMax, columns),
                };
            }
            lines.Add(main);
            layer += line.Series.Count > 0 ? 1 : 0;
        }
        return [.. lines];
    }

    /// <summary>Widest for the first of <paramref name="count"/> lines (2.5 times a normal line), narrowest (0.8) for the last.</summary>
    private static double LayerWidth(int position, int count) => count <= 1 ? 1 : 2.5 - 1.7 * position / (count - 1);

    /// <summary>The steps of drawable values beyond <paramref name="limit"/>, the first in each of <paramref name="columns"/> columns.</summary>
    private static double[] StepsBeyond(Series series, double limit, bool above, double xMin, double xMax, int columns)
    {
        var steps = new List<double>();
        double scale = xMax > xMin ? (columns - 1) / (xMax - xMin) : 0;
        long column = -1;
        var values = series.Values;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!MinMaxDecimator.Drawable(v) || (above ? v <= limit : v >= limit))
            {
                continue;
            }
            long c = (long)((series.StepAt(i) - xMin) * scale);
            if (c != column)
            {
                steps.Add(series.StepAt(i));
                column = c;
            }
        }
        return [.. steps];
    }
}

/// <summary>One run's series on a chart, with the min–max band of a group's repeats.</summary>
/// <param name="Color">The run's palette index (<see cref="ChartPalette.Of"/>); -1 for the line's position.</param>
public sealed record DataLine(string Label, Series Series, (Series Min, Series Max)? Band = null, int Color = -1);

/// <summary>What a chart shows before it is drawn: whole series, not yet decimated or resampled.</summary>
/// <param name="Smoothing">TensorBoard EMA weight applied to the drawn lines; 0 for none.</param>
public sealed record ChartData(string FileStem, string Title, string XLabel, string YLabel, IReadOnlyList<DataLine> Lines,
    bool ZeroLine = false, double Smoothing = 0)
{
    /// <summary>A centred rolling mean of this many points drawn over each raw series (<see cref="RollingMean"/>); 0 for none.</summary>
    public int MeanWindow { get; init; }

    /// <summary>The first line (the baseline) drawn widest and underneath, each later one narrower on top.</summary>
    public bool Layered { get; init; }

    /// <summary>Whether a few extreme values may be cut from the y axis (<see cref="OutlierRange"/>) and marked at its edge.</summary>
    public bool ClipOutliers { get; init; }

    /// <summary>What the values are called in the note on clipped ones ("step times").</summary>
    public string ValueNoun { get; init; } = "values";

    /// <summary>The values' unit, for that note; "ms" reads as seconds from 1000 on.</summary>
    public string? Unit { get; init; }

    /// <summary>The tolerance bands of the divergence check.</summary>
    public IReadOnlyList<ChartHorizontalBand> HorizontalBands { get; init; } = [];

    /// <summary>The steps where runs diverge.</summary>
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    /// <summary>How the main lines are smoothed, e.g. "centred mean of 41 logged steps"; null when they are not.</summary>
    public string? Smoothed { get; init; }

    /// <summary>The series as the chart's main line shows it: smoothed when the chart is (EMA, or the rolling mean).</summary>
    public Series Drawn(DataLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Smoothing > 0 ? line.Series.WithValues(line.Series.Metric, Analysis.Smoothing.Ema(line.Series.Values, Smoothing))
            : MeanWindow > 0 ? line.Series.WithValues(line.Series.Metric, RollingMean.Centred(line.Series.Values, MeanWindow))
            : line.Series;
    }
}
