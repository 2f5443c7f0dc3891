using System.Globalization;
using Spectre.Console;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// The tables after the classic block: runs, step time, speedup with its interval and verdict, throughput,
/// loss, and the CI gates. Colours on a terminal; plain text when redirected or when NO_COLOR is set.
/// </summary>
public static class ConsoleTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(Comparison comparison, TextWriter output, bool color)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        var border = color ? TableBorder.Rounded : TableBorder.Simple;

        output.WriteLine();
        foreach (var r in comparison.Runs.Where(r => r.NonFiniteLossCount > 0))
        {
            console.MarkupLine($"[bold red]{Esc(r.Run.Label)}: {r.NonFiniteLossCount} non-finite loss{(r.NonFiniteLossCount == 1 ? "" : "es")}, the first at step {r.FirstNonFiniteStep}; statistics below use the finite ones[/]");
        }

        var runs = NewTable("Runs", border, "run", "repeats", "files", "format", "losses", "step times", "non-finite losses", "warnings");
        foreach (var r in comparison.Runs)
        {
            runs.AddRow(Esc(r.Run.Label), N(Math.Max(1, r.Run.Repeats.Count)), Esc(string.Join(", ", r.Run.Files)), Esc(r.Run.Format),
                N(r.Run.Loss.Count), N(r.StepTimeCount),
                N(r.NonFiniteLossCount), N(r.Run.Warnings.Count));
        }
        console.Write(runs);

        var time = NewTable($"Step time, ms (after {comparison.Options.WarmupSteps} warm-up steps)", border,
            "run", "n", "mean", "std", "median", "min", "p5", "p95", "max", "outliers");
        foreach (var r in comparison.Runs)
        {
            if (r.StepTimeDistribution is { } d)
            {
                time.AddRow(Esc(r.Run.Label), N(d.N), F(d.Mean, 2), F(d.Std, 2), F(d.Median, 2), F(d.Min, 2), F(d.P5, 2),
                    F(d.P95, 2), F(d.Max, 2), N(d.Outliers));
            }
            else
            {
                time.AddRow(Esc(r.Run.Label), "0", "-", "-", "-", "-", "-", "-", "-", "-");
            }
        }
        console.Write(time);

        if (comparison.Comparisons.Count > 0)
        {
            var speed = NewTable($"Speedup against '{Esc(comparison.Baseline.Run.Label)}' (above 1 is faster; α = {F(comparison.Options.Alpha, 3)})",
                border, "run", "mean ratio", "median ratio", "95% CI", "p (Mann-Whitney)", "verdict");
            foreach (var c in comparison.Comparisons)
            {
                if (c.SpeedupStats is { } s)
                {
                    speed.AddRow(Esc(c.Run.Run.Label), F(s.MeanRatio, 3) + "x", F(s.MedianRatio, 3) + "x",
                        $"{F(s.CiLow, 3)} – {F(s.CiHigh, 3)}", P(s.PValue), VerdictMarkup(s.Verdict));
                }
                else
                {
                    speed.AddRow(Esc(c.Run.Run.Label), "-", "-", "-", "-", "no step times");
                }
            }
            console.Write(speed);
            WriteThroughput(console, comparison, border);

            var loss = NewTable($"Loss against '{Esc(comparison.Baseline.Run.Label)}' at common steps", border,
                "run", "common steps", "mean |Δ|", "max |Δ|", "at step", $"final {comparison.Options.FinalWindow} mean Δ", "Δ % of final",
                "diverges at", "tolerance", "noise floor", "within noise");
            foreach (var c in comparison.Comparisons)
            {
                var l = c.Loss;
                loss.AddRow(Esc(c.Run.Run.Label), N(l.CommonSteps), G(l.MeanAbsDiff), G(l.MaxAbsDiff),
                    l.MaxAbsDiffStep?.ToString(Inv) ?? "-", G(l.FinalWindowDiff), l.FinalWindowDiffPercent is { } p ? F(p, 3) + "%" : "-",
                    l.DivergenceStep is { } at ? $"[bold red]step {at.ToString(Inv)}[/]" : "[green]none[/]", G(l.Tolerance),
                    G(l.NoiseFloor), l.WithinNoise is { } w ? (w ? "[green]yes[/]" : "[red]no[/]") : "-");
            }
            console.Write(loss);
        }

        var extra = Charts.ComparisonCharts.ExtraMetrics(comparison).Where(m => !RunSummary.ThroughputMetrics.Contains(m)).ToArray();
        if (extra.Length > 0)
        {
            var table = NewTable("Other metrics: last value (count)", border, ["run", .. extra.Select(Metrics.Title)]);
            foreach (var r in comparison.Runs)
            {
                var cells = new List<string> { Esc(r.Run.Label) };
                foreach (string m in extra)
                {
                    var s = r.Run.Get(m);
                    cells.Add(s.Count == 0 ? "-" : $"{G(s.Values[^1])} ({N(s.Count)})");
                }
                table.AddRow([.. cells]);
            }
            console.Write(table);
        }

        if (comparison.Gates.Count > 0)
        {
            var gates = NewTable("Checks", border, "check", "result", "measured", "bound", "detail");
            foreach (var g in comparison.Gates)
            {
                gates.AddRow(Esc(g.Name), g.Passed ? "[green]pass[/]" : "[bold red]FAIL[/]", G(g.Measured), G(g.Bound), Esc(g.Message));
            }
            console.Write(gates);
        }
    }

    private static void WriteThroughput(IAnsiConsole console, Comparison comparison, TableBorder border)
    {
        var metrics = RunSummary.ThroughputMetrics.Where(m => comparison.Runs.Any(r => r.Throughput.Any(t => t.Metric == m))).ToArray();
        if (metrics.Length == 0)
        {
            return;
        }
        var headers = new List<string> { "run" };
        foreach (string m in metrics)
        {
            headers.Add(ThroughputName(m));
            headers.Add("ratio");
        }
        var table = NewTable("Throughput, mean after warm-up (ratio: to the baseline)", border, [.. headers]);
        var baseline = comparison.Baseline;
        foreach (var r in comparison.Runs)
        {
            var cells = new List<string> { Esc(r.Run.Label) };
            foreach (string m in metrics)
            {
                var mine = r.Throughput.FirstOrDefault(t => t.Metric == m);
                var theirs = baseline.Throughput.FirstOrDefault(t => t.Metric == m);
                cells.Add(mine is null ? "-" : F(mine.Mean, 2));
                cells.Add(mine is null || theirs is null || theirs.Mean == 0 ? "-" : F(mine.Mean / theirs.Mean, 3) + "x");
            }
            table.AddRow([.. cells]);
        }
        console.Write(table);
    }

    private static string ThroughputName(string metric) => metric switch
    {
        Metrics.TokensPerSecond => "tokens/s",
        Metrics.Tflops => "TFLOPS",
        Metrics.MfuPercent => "MFU %",
        _ => metric,
    };

    private static Table NewTable(string title, TableBorder border, params string[] headers)
    {
        var table = new Table { Border = border, Title = new TableTitle(title) };
        foreach (string h in headers)
        {
            bool text = h == headers[0] || h is "files" or "format" or "detail" or "result";
            table.AddColumn(new TableColumn(Esc(h)) { Alignment = text ? Justify.Left : Justify.Right });
        }
        return table;
    }

    private static string VerdictMarkup(Verdict v) => v switch
    {
        Verdict.Faster => "[green]faster[/]",
        Verdict.Slower => "[red]slower[/]",
        _ => "~",
    };

    private static string Esc(string text) => Markup.Escape(text);

    private static string N(long n) => n.ToString(Inv);

    private static string F(double v, int decimals) => PyFormat.Fixed(v, decimals);

    /// <summary>Small numbers readably: 6 significant digits.</summary>
    private static string G(double? v) => v is { } x ? x.ToString("G6", Inv) : "-";

    private static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", Inv);
}
