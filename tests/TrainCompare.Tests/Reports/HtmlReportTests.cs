using System.Text.RegularExpressions;
using TrainCompare.Analysis;
using TrainCompare.Reports;
using TrainCompare.Reports.Charts;

namespace TrainCompare.Tests.Reports;

/// <summary>report.html's layout: what a reader meets first, each run once, the command line, verdict colours.</summary>
public class HtmlReportTests
{
    private static double Wiggle(int i, int seed) => Math.Sin(i * 12.9898 + seed * 78.233) * 0.5;

    /// <summary>A faster run whose loss goes up by 0.15 from step 300: a speedup that is not good news.</summary>
    private static Comparison Regression() => Comparison.Of([
        TestLogs.Run(TestLogs.Log(1000, i => 2 + 8 * Math.Exp(-i / 200.0) + 0.1 * Wiggle(i, 1), i => 700 + 5 * Wiggle(i, 2)), "base"),
        TestLogs.Run(TestLogs.Log(1000, i => 2 + 8 * Math.Exp(-i / 200.0) + 0.1 * Wiggle(i, 1) + 0.002 * Wiggle(i, 3) + (i >= 300 ? 0.15 : 0),
            i => 650 + 5 * Wiggle(i, 4)), "regressed"),
    ], new ComparisonOptions());

    private static string Render(Comparison comparison, string? command = "traincmp --baseline base.txt --compare regressed.txt")
        => HtmlReport.Render(comparison, ComparisonCharts.For(comparison, "", HtmlChartWriter.Columns), "t", command);

    [Fact]
    public void Verdicts_and_tables_come_first_then_the_charts_then_the_command()
    {
        string html = Render(Regression());
        int verdicts = html.IndexOf("<section id=\"verdicts\">", StringComparison.Ordinal);
        int tables = html.IndexOf("<section id=\"tables\">", StringComparison.Ordinal);
        int charts = html.IndexOf("<section id=\"charts\">", StringComparison.Ordinal);
        int command = html.IndexOf("<section id=\"command\">", StringComparison.Ordinal);
        Assert.True(verdicts > 0 && verdicts < tables && tables < charts && charts < command, $"{verdicts} {tables} {charts} {command}");
        Assert.True(html.IndexOf("<figure", StringComparison.Ordinal) > tables, "no chart before the tables");
    }

    [Fact]
    public void Each_run_is_shown_once_in_the_runs_table_with_its_warnings_under_it()
    {
        var comparison = Comparison.Of([
            TestLogs.Run(TestLogs.Log(40, s => 3 - s * 0.01, _ => 100), "base"),
            TestLogs.Run(TestLogs.Log(30, s => 3 - s * 0.01, _ => 90), "short"), // ends before the baseline: a warning
        ], new ComparisonOptions { WarmupSteps = 0 });
        string html = Render(comparison, command: null);
        // the files and the format: once each, in the runs table (the command line would name them again)
        Assert.Equal(1, Regex.Count(html, "short\\.txt"));
        Assert.Equal(1, Regex.Count(html, "base\\.txt"));
        Assert.Equal(2, Regex.Count(html, ">tt-train<"));
        Assert.DoesNotContain("<dl>", html, StringComparison.Ordinal);
        string runs = Regex.Match(html, "<div id=\"runs\">.*?\n</div>\n", RegexOptions.Singleline).Value;
        Assert.Contains("<caption>Runs</caption>", runs, StringComparison.Ordinal);
        var warning = Assert.Single(comparison.Comparisons[0].Findings.Messages());
        Assert.Contains($"<li class=\"warning\"><b>short</b> warning: {System.Net.WebUtility.HtmlEncode(warning)}</li>", runs, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_line_wraps_between_words_only()
    {
        string html = Render(Regression());
        string pre = Regex.Match(html, @"(?m)^\s*pre \{[^}]*\}").Value;
        Assert.Contains("white-space: pre-wrap", pre, StringComparison.Ordinal);
        Assert.Contains("overflow-wrap: normal", pre, StringComparison.Ordinal);
        Assert.Contains("overflow-x: auto", pre, StringComparison.Ordinal); // a word wider than the page scrolls
        Assert.DoesNotContain("break-all", html, StringComparison.Ordinal);
        Assert.DoesNotContain("anywhere", pre, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loss_regression_is_red_however_fast_the_run_is()
    {
        var comparison = Regression();
        string html = Render(comparison);
        string item = Regex.Match(html, "<li class=\"overall-[a-z]+\"><b>regressed</b>.*?</li>").Value;
        Assert.StartsWith("<li class=\"overall-bad\">", item, StringComparison.Ordinal);
        // the speed part good news, the loss part bad, each in its own colour
        Assert.Matches("<span class=\"good\">1\\.0\\d\\d&#215; faster \\(95% CI [^<]*\\)</span>; <span class=\"bad\">loss departs from the baseline at step \\d+; final loss Δ \\+0\\.1500 [^<]*, higher</span></li>$", item);
        // and the final-loss table's verdict, and the divergence, likewise
        Assert.Contains("<td class=\"bad\">higher</td>", html, StringComparison.Ordinal);
        Assert.Matches("<td class=\"num alarm\">step \\d+</td>", html);
        Assert.DoesNotContain("class=\"good\">higher", html, StringComparison.Ordinal);
    }
}
