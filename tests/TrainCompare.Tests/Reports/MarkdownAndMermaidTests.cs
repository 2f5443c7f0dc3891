using TrainCompare.Analysis;
using TrainCompare.Reports;

namespace TrainCompare.Tests.Reports;

public class MarkdownAndMermaidTests
{
    /// <summary>
    /// baseline: steps 1..6, loss 7 − step, 100 ms a step; fused: steps 2..7, loss 7.5 − step, 90 ms a step.
    /// </summary>
    private static Comparison Known(string baseline = "baseline", string fused = "fused", int finalWindow = 100) =>
        Comparison.Of([
            TestLogs.Run(TestLogs.Log(6, s => 7 - s, _ => 100), baseline),
            TestLogs.Run(TestLogs.Log(6, s => 7.5 - s, _ => 90, firstStep: 2), fused),
        ], new ComparisonOptions { WarmupSteps = 0, FinalWindow = finalWindow });

    [Fact]
    public void Metric_chart_names_are_decided_up_front_with_a_suffix_on_collision()
    {
        string longName = new('m', 70_000);
        var stems = TrainCompare.Reports.Charts.ComparisonCharts.MetricFileStems(["a/b", "a_b", "a b", "a_b_2", "grad.norm", longName, longName + "x"]);
        Assert.Equal("metric_a_b", stems["a_b"]);       // needs no change, so keeps its name
        Assert.Equal("metric_a_b_2", stems["a_b_2"]);   // likewise, so a/b cannot take it
        Assert.Equal("metric_a_b_3", stems["a b"]);
        Assert.Equal("metric_a_b_4", stems["a/b"]);
        // one file on a case-insensitive file system (macOS, Windows)
        Assert.Equal(["metric_Lr", "metric_lr_2"], TrainCompare.Reports.Charts.ComparisonCharts.MetricFileStems(["lr", "Lr"]).Values.Order(StringComparer.Ordinal));
        Assert.Equal("metric_grad.norm", stems["grad.norm"]);
        Assert.Equal("metric_" + new string('m', 100), stems[longName]);
        Assert.Equal("metric_" + new string('m', 100) + "_2", stems[longName + "x"]);
    }

    [Fact]
    public void Mermaid_losses_chart_for_a_known_input()
    {
        var charts = MermaidCharts.For(Known(), "", maxPoints: 3);
        Assert.Equal(["losses", "losses_diff", "step_time"], charts.Select(c => c.FileStem));
        // overlap 2..6 in 3 points (2, 4, 6); cells {2,3}, {4,5}, {6}:
        // baseline (7 − s): 4.5, 2.5, 1; fused (7.5 − s): 5, 3, 1.5
        string expected = """
            Lines: baseline: blue (#1f77b4) · fused: orange (#ff7f0e)

            ```mermaid
            %%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#1f77b4, #ff7f0e"}}}}%%
            xychart
              title "Loss Comparison: All Runs"
              x-axis "Step" 2 --> 6
              y-axis "Loss"
              line [4.5, 2.5, 1]
              line [5, 3, 1.5]
            ```

            _3 points from step 2 to 6, over the steps every run logged; each point is the mean of the run's values nearest to it._

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), charts[0].Markdown);
    }

    [Fact]
    public void Mermaid_difference_chart_has_a_zero_line_in_its_legend_and_step_time_its_own_grid()
    {
        var charts = MermaidCharts.For(Known(), "SiLU ", maxPoints: 100);
        string diff = charts[1].Markdown;
        // fused is orange here as in every chart, though the difference chart has no baseline line
        Assert.StartsWith("Lines: fused vs baseline: orange (#ff7f0e) · zero: black (#000000)\n", diff, StringComparison.Ordinal);
        Assert.Contains("\"plotColorPalette\": \"#ff7f0e, #000000\"", diff, StringComparison.Ordinal);
        Assert.Contains("  title \"SiLU Loss Difference: Compared Runs vs Baseline\"\n", diff, StringComparison.Ordinal);
        Assert.Contains("  x-axis \"Step\" 2 --> 6\n", diff, StringComparison.Ordinal);
        Assert.Contains("  line [0.5, 0.5, 0.5, 0.5, 0.5]\n  line [0, 0, 0, 0, 0]\n", diff, StringComparison.Ordinal);
        string time = charts[2].Markdown;
        Assert.Contains("  x-axis \"Step (after warmup)\" 2 --> 6\n", time, StringComparison.Ordinal);
        Assert.Contains("  line [100, 100, 100, 100, 100]\n  line [90, 90, 90, 90, 90]\n", time, StringComparison.Ordinal);
    }

    [Fact]
    public void Mermaid_escapes_labels_in_the_legend_and_quotes_in_titles()
    {
        var charts = MermaidCharts.For(Known("base|line", "*fused*"), "say \"hi\" ", maxPoints: 3);
        Assert.StartsWith("Lines: base\\|line: blue (#1f77b4) · \\*fused\\*: orange (#ff7f0e)\n", charts[0].Markdown, StringComparison.Ordinal);
        Assert.Contains("  title \"say 'hi' Loss Comparison: All Runs\"\n", charts[0].Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_summary_starts_with_the_verdict_then_tables_then_image_links()
    {
        var comparison = Known();
        string md = MarkdownReport.Render(comparison, new MarkdownContent("Training run comparison",
            [("Loss Comparison: All Runs", "pre_losses.png")], [], "traincmp --baseline a.txt --compare b.txt"));
        string[] lines = md.Split('\n');
        Assert.Equal("## Training run comparison", lines[0]);
        Assert.Equal("", lines[1]);
        // 100 ms against 90 ms, every step alike: ratio 1.111 with no spread, so p = 0; the difference is a
        // constant 0.5, so its noise is 0 and it departs at the first common step, higher with an interval of width 0
        Assert.Equal("- **fused** vs **baseline**: 1.111× faster (95% CI 1.111–1.111, p < 0.001); loss departs from the baseline at step 2; "
                     + "final loss Δ +0.5000 (95% CI +0.5000 to +0.5000), higher", lines[2]);
        int runs = Array.IndexOf(lines, "**Runs**");
        Assert.True(runs > 2);
        // no repeats: that column says nothing and is left out; the files last, the one column that may wrap
        Assert.Equal("| run | format | losses | step times | non-finite losses | warnings | files |", lines[runs + 2]);
        Assert.Equal("| --- | --- | ---: | ---: | ---: | ---: | --- |", lines[runs + 3]);
        Assert.Equal("| baseline | tt-train | 6 | 6 | 0 | 0 | baseline.txt |", lines[runs + 4]);
        Assert.Contains("**Step time, ms (after 0 warm-up steps)**", md, StringComparison.Ordinal);
        Assert.Contains("| fused | 6 | 6 | 90.00 | 0.00 | 90.00 | 90.00 | 90.00 | 90.00 | 90.00 | 0 |", md, StringComparison.Ordinal);
        Assert.Contains("| fused | 1.111x | 1.111x | 1.111 – 1.111 | &lt; 0.001 | 6/6 × 1 | faster |", md, StringComparison.Ordinal);
        Assert.True(md.IndexOf("**Loss against", StringComparison.Ordinal) > runs);
        Assert.Contains("\n### Charts\n\n![Loss Comparison: All Runs](pre_losses.png)\n", md, StringComparison.Ordinal);
        Assert.EndsWith("<details><summary>Command</summary>\n\n```sh\ntraincmp --baseline a.txt --compare b.txt\n```\n\n</details>\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_cannot_break_a_markdown_table_or_inject_markup()
    {
        var comparison = Known("a|b`c*d_e", "<img src=x onerror=alert(1)> @team #12");
        string md = MarkdownReport.Render(comparison, new MarkdownContent("t", [], [], null));
        Assert.Contains("| a\\|b\\`c\\*d\\_e | tt-train |", md, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; \\@team \\#12", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
        // every table row has as many unescaped pipes as its header
        foreach (string table in md.Split("\n\n").Where(b => b.StartsWith('|')))
        {
            var rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            int columns = Pipes(rows[0]);
            Assert.All(rows, r => Assert.Equal(columns, Pipes(r)));
        }
    }

    private static int Pipes(string row) => System.Text.RegularExpressions.Regex.Count(row, @"(?<!\\)\|");

    [Theory]
    [InlineData(-0.0004, "\u22120.0004")]
    [InlineData(0.00012, "0.0001")]
    [InlineData(0.0123456, "0.0123")]
    [InlineData(-0.000032, "\u22123.2e-05")]
    [InlineData(0.0, "0.0000")]
    public void Loss_deltas_read_with_a_true_minus_and_never_as_zero_when_tiny(double delta, string expected)
        => Assert.Equal(expected, VerdictLine.Delta(delta));

    [Fact]
    public void Code_blocks_fence_longer_than_any_backticks_inside()
    {
        Assert.Equal("```sh\nls\n```\n", MarkdownText.CodeBlock("ls", "sh"));
        Assert.Equal("````\na ``` b\n````\n", MarkdownText.CodeBlock("a ``` b"));
    }

    [Theory]
    [InlineData(0.0001234567, "0.000123457")]
    [InlineData(-3.2e-7, "-0.00000032")]
    [InlineData(12345678, "12345700")]
    [InlineData(2.5, "2.5")]
    [InlineData(0, "0")]
    public void Mermaid_numbers_have_six_significant_digits_and_no_exponent(double value, string expected)
        => Assert.Equal(expected, MermaidCharts.Number(value));

    [Fact]
    public void A_run_without_step_times_leaves_the_others_their_colours()
    {
        var comparison = Comparison.Of([
            TestLogs.Run(TestLogs.Log(6, s => 7 - s), "baseline"),
            TestLogs.Run(TestLogs.Log(6, s => 7 - s, _ => 90), "fused"),
        ], new ComparisonOptions { WarmupSteps = 0 });
        var stepTime = TrainCompare.Reports.Charts.ComparisonCharts.For(comparison, "").Single(c => c.FileStem == "step_time");
        Assert.Equal(1, stepTime.Lines[1].Color);
        Assert.Empty(stepTime.Lines[0].Xs);
        Assert.StartsWith("Lines: fused: orange (#ff7f0e)\n", MermaidCharts.For(comparison, "", 10)[2].Markdown, StringComparison.Ordinal);
    }
}
