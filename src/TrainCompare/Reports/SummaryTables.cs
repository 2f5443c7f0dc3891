using System.Globalization;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>How a cell reads: plain, good news, bad news, or an alarm (bold red on a terminal).</summary>
public enum Tone
{
    Plain,
    Good,
    Bad,
    Alarm,
}

/// <summary>One table cell: its text and its tone.</summary>
public readonly record struct Cell(string Text, Tone Tone = Tone.Plain)
{
    public static implicit operator Cell(string text) => new(text);
}

/// <summary>A table of the summary, independent of where it is printed (console, Markdown, HTML).</summary>
/// <param name="TextColumns">How many leading columns hold text (left-aligned); the rest hold numbers, except <see cref="IsText"/>.</param>
public sealed record SummaryTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows)
{
    /// <summary>Text columns are left-aligned, numbers right-aligned.</summary>
    public bool IsText(int column) => column == 0 || Headers[column] is "files" or "format" or "detail" or "result" or "verdict";
}

/// <summary>
/// The summary's tables — runs, step time, speedup, throughput, loss, other metrics, checks — and the
/// alarms above them, built once from the analysis so that the console, Markdown and HTML show the same.
/// </summary>
public static class SummaryTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Shown in red above the tables: one line per run with non-finite losses, and each comparison's warnings
    /// (runs that end at different steps).
    /// </summary>
    public static IReadOnlyList<string> Alarms(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.Runs.Where(r => r.NonFiniteLossCount > 0)
            .Select(r => $"{r.Run.Label}: {r.NonFiniteLossCount} non-finite loss{(r.NonFiniteLossCount == 1 ? "" : "es")}, "
                         + $"the first at step {r.FirstNonFiniteStep}; statistics below use the finite ones")
            .Concat(comparison.Comparisons.SelectMany(c => c.Warnings))
            .ToArray();
    }

    public static IReadOnlyList<SummaryTable> For(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var tables = new List<SummaryTable>
        {
            Table("Runs", ["run", "repeats", "files", "format", "losses", "step times", "non-finite losses", "warnings"],
                comparison.Runs.Select(r => Row(r.Run.Label, N(Math.Max(1, r.Run.Repeats.Count)), string.Join(", ", r.Run.Files), r.Run.Format,
                    N(r.Run.Loss.Count), N(r.StepTimeCount), N(r.NonFiniteLossCount), N(r.Run.Warnings.Count)))),
            Table(comparison.Options.AutoWarmup ? "Step time, ms (after the warm-up found in each run)"
                    : $"Step time, ms (after {comparison.Options.WarmupSteps} warm-up steps)",
                ["run", "n", "n eff", "mean", "std", "median", "min", "p5", "p95", "max", "outliers"],
                comparison.Runs.Select(r => r.StepTimeDistribution is { } d
                    ? Row(r.Run.Label, N(d.N), N((long)Math.Round(r.EffectiveStepTimes)), F(d.Mean, 2), F(d.Std, 2), F(d.Median, 2), F(d.Min, 2),
                        F(d.P5, 2), F(d.P95, 2), F(d.Max, 2), N(d.Outliers))
                    : Row(r.Run.Label, "0", "-", "-", "-", "-", "-", "-", "-", "-", "-"))),
        };
        if (comparison.Comparisons.Count > 0)
        {
            tables.Add(Table($"Speedup against '{comparison.Baseline.Run.Label}' (above 1 is faster; batch-median t test, α = {F(comparison.Options.Alpha, 3)})",
                ["run", "mean ratio", "median ratio", "95% CI", "p", "batches", "verdict"],
                comparison.Comparisons.Select(c => c.SpeedupStats is { } s
                    ? Row(c.Run.Run.Label, F(s.MeanRatio, 3) + "x", F(s.MedianRatio, 3) + "x",
                        s.HasInterval ? $"{F(s.CiLow, 3)} – {F(s.CiHigh, 3)}" : "-", s.HasInterval ? P(s.PValue) : "-",
                        $"{N(s.BaselineBatches)}/{N(s.RunBatches)} × {N(s.BatchSize)}", s.HasInterval ? Verdict(s.Verdict) : "too few")
                    : Row(c.Run.Run.Label, "-", "-", "-", "-", "-", "no step times"))));
            if (Throughput(comparison) is { } throughput)
            {
                tables.Add(throughput);
            }
            tables.Add(Table($"Loss against '{comparison.Baseline.Run.Label}' at common steps",
                ["run", "common steps", "mean |Δ|", "max |Δ|", "at step", "diverges at", "tolerance"],
                comparison.Comparisons.Select(c =>
                {
                    var l = c.Loss;
                    return Row(c.Run.Run.Label, N(l.CommonSteps), G(l.MeanAbsDiff), G(l.MaxAbsDiff), l.MaxAbsDiffStep?.ToString(Inv) ?? "-",
                        l.DivergenceStep is { } at ? new Cell($"step {at.ToString(Inv)}", Tone.Alarm) : new Cell("none", Tone.Good),
                        G(l.Tolerance));
                })));
            tables.Add(FinalLoss(comparison));
            tables.Add(TimeToTarget(comparison));
        }

        var extra = Charts.ComparisonCharts.ExtraMetrics(comparison).Where(m => !RunSummary.ThroughputMetrics.Contains(m)).ToArray();
        if (extra.Length > 0)
        {
            tables.Add(Table("Other metrics: last value (count)", ["run", .. extra.Select(Metrics.Title)],
                comparison.Runs.Select(r => Row([r.Run.Label, .. extra.Select(m =>
                {
                    var s = r.Run.Get(m);
                    return new Cell(s.Count == 0 ? "-" : $"{G(s.Values[^1])} ({N(s.Count)})");
                })]))));
        }

        if (comparison.Gates.Count > 0)
        {
            tables.Add(Table("Checks", ["check", "result", "measured", "bound", "detail"],
                comparison.Gates.Select(g => Row(g.Name, g.Passed ? new Cell("pass", Tone.Good) : new Cell("FAIL", Tone.Alarm),
                    G(g.Measured), G(g.Bound), g.Message))));
        }
        return tables;
    }

    /// <summary>The final-window loss difference with its interval, verdict and equivalence; noise-floor columns only with repeats.</summary>
    private static SummaryTable FinalLoss(Comparison comparison)
    {
        bool repeats = comparison.Comparisons.Any(c => c.Loss.NoiseFloor is not null);
        bool margins = comparison.Comparisons.Any(c => c.Loss.Margin is not null);
        string[] headers = ["run", "steps", "mean Δ", "95% CI", "Δ % of final", "p", "verdict", .. margins ? new[] { "equivalence" } : [],
            .. repeats ? new[] { "noise floor", "within noise" } : []];
        return Table($"Final loss against '{comparison.Baseline.Run.Label}' (last {comparison.Options.FinalWindow} common steps; batch-mean t test)", headers,
            comparison.Comparisons.Select(c =>
            {
                var l = c.Loss;
                var cells = new List<Cell>
                {
                    c.Run.Run.Label,
                    l.FinalWindowFirstStep is { } first ? $"{first.ToString(Inv)}–{l.FinalWindowLastStep?.ToString(Inv)}" : "-",
                    G(l.FinalWindowDiff),
                    l.FinalWindowCiLow is { } lo && l.FinalWindowCiHigh is { } hi ? $"{G(lo, 4)} – {G(hi, 4)}" : "-",
                    l.FinalWindowDiffPercent is { } p ? F(p, 3) + "%" : "-",
                    l.FinalWindowP is { } pv ? P(pv) : "-",
                    l.FinalWindowDiff is null ? "-" : l.Verdict switch
                    {
                        LossVerdict.Higher => new Cell("higher", Tone.Bad),
                        LossVerdict.Lower => new Cell("lower", Tone.Good),
                        _ => "~",
                    },
                };
                if (margins)
                {
                    cells.Add(l.Margin is { } m
                        ? l.Equivalent == true ? new Cell($"within ±{G(m)}", Tone.Good) : new Cell($"not shown (±{G(m)})", Tone.Bad)
                        : "-");
                }
                if (repeats)
                {
                    cells.Add(G(l.NoiseFloor));
                    cells.Add(l.WithinNoise is { } w ? (w ? new Cell("yes", Tone.Good) : new Cell("no", Tone.Bad)) : "-");
                }
                return cells.ToArray();
            }));
    }

    /// <summary>Steps and wall time to the baseline's final loss, and the effective speedup that gives.</summary>
    private static SummaryTable TimeToTarget(Comparison comparison)
    {
        var baseline = comparison.BaselineTimeToTarget;
        string target = baseline is null || !double.IsFinite(baseline.Target) ? "-" : G(baseline.Target);
        var rows = new List<Cell[]> { Row(comparison.Baseline.Run.Label, Step(baseline), Wall(baseline), "1.000x", "-") };
        rows.AddRange(comparison.Comparisons.Select(c => Row(c.Run.Run.Label, Step(c.TimeToTarget), Wall(c.TimeToTarget),
            c.EffectiveSpeedup(comparison) is { } e ? F(e, 3) + "x" : c.TimeToTarget.Step is null ? new Cell("not reached", Tone.Bad) : "-",
            c.Speedup is { } s ? F(s, 3) + "x" : "-")));
        return Table($"Time to the baseline's final loss {target} (trailing mean of {comparison.Options.FinalWindow} losses)",
            ["run", "step", "wall time", "effective speedup", "step-time speedup"], rows);

        static string Step(Analysis.TimeToTarget? t) => t?.Step is { } s ? s.ToString(Inv) : "not reached";

        static string Wall(Analysis.TimeToTarget? t) => t?.WallTimeMs is { } ms ? F(ms / 1000, 1) + " s" : "-";
    }

    private static SummaryTable? Throughput(Comparison comparison)
    {
        var metrics = RunSummary.ThroughputMetrics.Where(m => comparison.Runs.Any(r => r.Throughput.Any(t => t.Metric == m))).ToArray();
        if (metrics.Length == 0)
        {
            return null;
        }
        var baseline = comparison.Baseline;
        return Table("Throughput, mean after warm-up (ratio: to the baseline)",
            ["run", .. metrics.SelectMany(m => new[] { ThroughputName(m), "ratio" })],
            comparison.Runs.Select(r => Row([r.Run.Label, .. metrics.SelectMany(m =>
            {
                var mine = r.Throughput.FirstOrDefault(t => t.Metric == m);
                var theirs = baseline.Throughput.FirstOrDefault(t => t.Metric == m);
                return new Cell[]
                {
                    mine is null ? "-" : F(mine.Mean, 2),
                    mine is null || theirs is null || theirs.Mean == 0 ? "-" : F(mine.Mean / theirs.Mean, 3) + "x",
                };
            })])));
    }

    private static string ThroughputName(string metric) => metric switch
    {
        Metrics.TokensPerSecond => "tokens/s",
        Metrics.Tflops => "TFLOPS",
        Metrics.MfuPercent => "MFU %",
        _ => metric,
    };

    private static SummaryTable Table(string title, string[] headers, IEnumerable<Cell[]> rows) => new(title, headers, rows.ToArray());

    private static Cell[] Row(params Cell[] cells) => cells;

    private static Cell Verdict(Analysis.Verdict v) => v switch
    {
        Analysis.Verdict.Faster => new Cell("faster", Tone.Good),
        Analysis.Verdict.Slower => new Cell("slower", Tone.Bad),
        _ => "~",
    };

    private static string N(long n) => n.ToString(Inv);

    private static string F(double v, int decimals) => PyFormat.Fixed(v, decimals);

    /// <summary>Small numbers readably: 6 significant digits.</summary>
    private static string G(double? v, int digits = 6) => v is { } x ? x.ToString("G" + digits.ToString(Inv), Inv) : "-";

    /// <summary>A p-value as the tables print it.</summary>
    public static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", Inv);
}
