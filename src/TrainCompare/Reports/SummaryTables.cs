using System.Globalization;
using System.Text;
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
public sealed record SummaryTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows)
{
    /// <summary>
    /// The columns (after the first) that start a group of columns read together, such as a value and its
    /// ratio, or a difference with its interval, p and verdict: a table too wide to show whole is split between
    /// groups where it can. Column 1 always starts one; null: every column is a group of its own.
    /// </summary>
    public IReadOnlyList<int>? GroupStarts { get; init; }

    /// <summary>
    /// Runs as columns and the columns as rows (<see cref="SummaryTables.Transpose"/>): the first column holds
    /// the headers, every other column one run's values.
    /// </summary>
    public bool Transposed { get; init; }

    /// <summary>More columns (after the first) of free text: left-aligned, and they may wrap (op names, a fusion's ops).</summary>
    public IReadOnlyList<int> FreeText { get; init; } = [];

    /// <summary>Text columns are left-aligned, numbers right-aligned (a transposed table's values all right).</summary>
    public bool IsText(int column) => column == 0 || (!Transposed && (Headers[column] is "files" or "format" or "detail" or "result" or "verdict"
                                                                      || FreeText.Contains(column)));

    /// <summary>
    /// Free text that may wrap onto more lines when space is short: the files and a check's detail, and in a
    /// transposed table the run columns that hold them. No other column ever wraps, so a number is never broken.
    /// </summary>
    public bool Wraps(int column) => Transposed ? column > 0 && Rows.Any(r => IsFreeText(r[0].Text)) : IsFreeText(Headers[column]) || FreeText.Contains(column);

    /// <summary>Whether the cell is free text that may wrap.</summary>
    internal bool Wraps(int row, int column) => column > 0 && (Transposed ? IsFreeText(Rows[row][0].Text) : IsFreeText(Headers[column]) || FreeText.Contains(column));

    private static bool IsFreeText(string header) => header is "files" or "detail";

    /// <summary>The group of each column: 0 for the first, then 1, 2, … (column 1 always starts one).</summary>
    internal int[] GroupOf()
    {
        var groups = new int[Headers.Count];
        for (int c = 1, g = 0; c < groups.Length; c++)
        {
            groups[c] = c == 1 || GroupStarts is null || GroupStarts.Contains(c) ? ++g : g;
        }
        return groups;
    }
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
            .Concat(comparison.Comparisons.SelectMany(c => c.Findings).Where(f => f.Severity > Severity.Info).Select(FindingText.Text))
            .ToArray();
    }

    /// <summary>The title of the first table, the runs (HTML puts each run's warnings under it).</summary>
    public const string RunsTitle = "Runs";

    public static IReadOnlyList<SummaryTable> For(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var tables = new List<SummaryTable>
        {
            // the files last: the one column that wraps, and the one left for a table of its own when space is short
            Table(RunsTitle, ["run", "repeats", "format", "losses", "step times", "non-finite losses", "warnings", "files"],
                comparison.Runs.Select(r => Row(r.Run.Label, r.Run.Repeats.Count > 1 ? N(r.Run.Repeats.Count) : "-", r.Run.Format,
                    N(r.Run.Loss.Count), N(r.StepTimeCount), N(r.NonFiniteLossCount), N(r.Run.Findings.Count(f => f.Severity > Severity.Info)), string.Join(", ", r.Run.Files)))) with { GroupStarts = [7] },
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
                })) with { GroupStarts = [2, 3, 5] }); // the mean difference; the largest and where; divergence with its tolerance
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

        tables.AddRange(ProfileTables.For(comparison));

        if (comparison.Gates.Count > 0)
        {
            tables.Add(Table("Checks", ["check", "result", "measured", "bound", "detail"],
                comparison.Gates.Select(g => Row(g.Name, g.Passed ? new Cell("pass", Tone.Good) : new Cell("FAIL", Tone.Alarm),
                    G(g.Measured), G(g.Bound), g.Message))));
        }
        return tables.Select(WithoutEmptyColumns).ToArray();
    }

    /// <summary>
    /// The final-window loss difference with its interval and verdict, then equivalence (with a margin) and the
    /// noise floor (with repeats); a column no comparison has is left out with the other empty ones.
    /// </summary>
    private static SummaryTable FinalLoss(Comparison comparison)
        => Table($"Final loss against '{comparison.Baseline.Run.Label}' (last {comparison.Options.FinalWindow} common steps; batch-mean t test)",
            ["run", "steps", "mean Δ", "95% CI", "Δ % of final", "p", "verdict", "equivalence", "noise floor", "within noise"],
            comparison.Comparisons.Select(c =>
            {
                var l = c.Loss;
                return Row(c.Run.Run.Label,
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
                    l.Margin is { } m
                        ? l.Equivalent == true ? new Cell($"within ±{G(m)}", Tone.Good) : new Cell($"not shown (±{G(m)})", Tone.Bad)
                        : "-",
                    G(l.NoiseFloor),
                    l.WithinNoise is { } w ? (w ? new Cell("yes", Tone.Good) : new Cell("no", Tone.Bad)) : "-");
            })) with { GroupStarts = [7, 8] };

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
        var rows = comparison.Runs.Select(r => Row([r.Run.Label, .. metrics.SelectMany(m =>
        {
            var mine = r.Throughput.FirstOrDefault(t => t.Metric == m);
            var theirs = baseline.Throughput.FirstOrDefault(t => t.Metric == m);
            return new Cell[]
            {
                mine is null ? "-" : F(mine.Mean, 2),
                mine is null || theirs is null || theirs.Mean == 0 ? "-" : F(mine.Mean / theirs.Mean, 3) + "x",
            };
        })])).ToArray();
        // a ratio needs the metric in the baseline too; the ratio columns left empty are left out, and so is their note
        bool ratios = rows.Any(r => r.Where((_, i) => i > 0 && i % 2 == 0).Any(c => c.Text != "-"));
        return Table(ratios ? "Throughput, mean after warm-up (ratio: to the baseline)" : "Throughput, mean after warm-up",
            ["run", .. metrics.SelectMany(m => new[] { ThroughputName(m), "ratio" })], rows)
            with { GroupStarts = [.. Enumerable.Range(0, metrics.Length).Select(i => 1 + 2 * i)] }; // a value with its ratio
    }

    private static string ThroughputName(string metric) => metric switch
    {
        Metrics.TokensPerSecond => "tokens/s",
        Metrics.Tflops => "TFLOPS",
        Metrics.MfuPercent => "MFU %",
        _ => metric,
    };

    /// <summary>
    /// How wide a table may be where nothing says otherwise: redirected console output, and summary.md (GitHub
    /// shows about 100 characters of a PR description comfortably).
    /// </summary>
    public const int Width = 100;

    /// <summary>The least a column that wraps (<see cref="SummaryTable.Wraps"/>) is counted at when a table is fitted.</summary>
    public const int WrapWidth = 30;

    /// <summary>
    /// The table without the columns that say nothing: "-" (or nothing) in every row. The first column stays,
    /// and so does every column of a table without rows.
    /// </summary>
    public static SummaryTable WithoutEmptyColumns(SummaryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int[] keep = Enumerable.Range(0, table.Headers.Count)
            .Where(c => c == 0 || table.Rows.Count == 0 || table.Rows.Any(r => r[c].Text is not ("-" or ""))).ToArray();
        return keep.Length == table.Headers.Count ? table : Columns(table, keep, table.Title);
    }

    /// <summary>
    /// The table as one or more tables, each at most <paramref name="width"/> wide where it can be, each
    /// beginning with the first column (the run): as few tables as will do, then split between column groups
    /// (<see cref="SummaryTable.GroupStarts"/>) where it can be, then as even in width as the cuts allow. The
    /// width is the one the console and GitHub draw: every column its widest cell plus 3 (padding and a rule),
    /// plus 1; a column that wraps counts as at most <see cref="WrapWidth"/>. A single column too wide for
    /// <paramref name="width"/> beside the first gets a table of its own. The titles after the first end in
    /// ", continued". <paramref name="vertical"/> (a narrow terminal): a table too wide whose
    /// <see cref="Transpose">transpose</see> fits is shown so instead, one table rather than several.
    /// </summary>
    public static IReadOnlyList<SummaryTable> Fit(SummaryTable table, int width, bool vertical = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        int n = table.Headers.Count;
        int[] widths = ColumnWidths(table);
        // the width of a table of the first column and columns [from, to)
        int Cost(int from, int to) => 1 + widths[0] + 3 + widths[from..to].Sum() + 3 * (to - from);
        if (n <= 2 || Cost(1, n) <= width)
        {
            return [table];
        }
        if (vertical && Transpose(table) is var transposed && MeasureWidth(transposed) <= width)
        {
            return [transposed];
        }

        // best[to]: the best way to lay out columns [1, to) as tables, scored (tables, cuts inside a group, widest
        // table); every cut is a column boundary, and a table may be too wide only when it holds one column
        int[] group = table.GroupOf();
        var best = new (int Tables, int InnerCuts, int Widest, int From)?[n + 1];
        best[1] = (0, 0, 0, 0);
        for (int to = 2; to <= n; to++)
        {
            for (int from = 1; from < to; from++)
            {
                int cost = Cost(from, to);
                if (best[from] is not { } prior || (cost > width && to - from > 1))
                {
                    continue;
                }
                var candidate = (prior.Tables + 1, prior.InnerCuts + (from > 1 && group[from] == group[from - 1] ? 1 : 0),
                    Math.Max(prior.Widest, cost), from);
                if (best[to] is not { } current || (candidate.Item1, candidate.Item2, candidate.Item3).CompareTo((current.Tables, current.InnerCuts, current.Widest)) < 0)
                {
                    best[to] = candidate;
                }
            }
        }

        var cuts = new List<(int From, int To)>();
        for (int to = n; to > 1; to = best[to]!.Value.From)
        {
            cuts.Insert(0, (best[to]!.Value.From, to));
        }
        return cuts.Select((cut, i) => Columns(table, [0, .. Enumerable.Range(cut.From, cut.To - cut.From)],
            i == 0 ? table.Title : table.Title + ", continued")).ToArray();
    }

    /// <summary>How wide <paramref name="table"/> is drawn, counted as <see cref="Fit"/> counts it.</summary>
    public static int MeasureWidth(SummaryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return 1 + ColumnWidths(table).Sum(w => w + 3);
    }

    /// <summary>
    /// The table turned on its side: a row per column (its header first), a column per row (headed by the
    /// row's first cell, the run; the first header empty), tones kept. Narrow and tall, for few runs on a narrow terminal.
    /// </summary>
    public static SummaryTable Transpose(SummaryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new SummaryTable(table.Title, ["", .. table.Rows.Select(r => r[0].Text)],
            Enumerable.Range(1, table.Headers.Count - 1)
                .Select(c => (IReadOnlyList<Cell>)[new Cell(table.Headers[c]), .. table.Rows.Select(r => r[c])]).ToArray())
        {
            Transposed = true,
        };
    }

    /// <summary>Each column's widest cell or header; a cell that wraps counts as at most <see cref="WrapWidth"/>.</summary>
    private static int[] ColumnWidths(SummaryTable table) => Enumerable.Range(0, table.Headers.Count).Select(c =>
        table.Rows.Select((r, i) => table.Wraps(i, c) ? Math.Min(DisplayWidth(r[c].Text), WrapWidth) : DisplayWidth(r[c].Text))
            .Append(DisplayWidth(table.Headers[c])).Max()).ToArray();

    /// <summary>
    /// How many terminal columns <paramref name="text"/> takes: East Asian wide characters and emoji two,
    /// combining marks none, everything else one.
    /// </summary>
    public static int DisplayWidth(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            width += category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format ? 0
                : IsWide(rune.Value) ? 2 : 1;
        }
        return width;

        static bool IsWide(int c) => c is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1F64F or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD;
    }

    /// <summary>Some of the table's columns, in order, with the groups they were in.</summary>
    private static SummaryTable Columns(SummaryTable table, int[] columns, string title)
    {
        int[] group = table.GroupOf();
        return new SummaryTable(title, columns.Select(c => table.Headers[c]).ToArray(),
            table.Rows.Select(r => (IReadOnlyList<Cell>)columns.Select(c => r[c]).ToArray()).ToArray())
        {
            GroupStarts = Enumerable.Range(2, Math.Max(0, columns.Length - 2)).Where(i => group[columns[i]] != group[columns[i - 1]]).ToArray(),
            FreeText = Enumerable.Range(0, columns.Length).Where(i => table.FreeText.Contains(columns[i])).ToArray(),
        };
    }

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
