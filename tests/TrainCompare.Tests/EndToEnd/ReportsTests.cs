namespace TrainCompare.Tests.EndToEnd;

/// <summary>--report, --mermaid, --mermaid-max-points and --github-summary, run as a user would.</summary>
public sealed class ReportsTests() : TempDirectory("traincmp-reports-")
{
    private static string[] Examples => ["--baseline", Path.Combine(Traincmp.ExamplesDir, "baseline.txt"),
        "--compare", Path.Combine(Traincmp.ExamplesDir, "fused.txt")];

    private string Out => Path.Combine(Dir, "out");

    [Fact]
    public void Every_report_is_written_behind_the_file_prefix_and_nothing_temporary_is_left()
    {
        var r = Traincmp.Run(Dir, [.. Examples, "--output-dir", Out, "--file-prefix", "n300 ", "--report", "md,html", "--report", "csv", "--mermaid"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        string[] expected = ["n300_losses.png", "n300_losses_diff.png", "n300_step_time.png", "n300_summary.md", "n300_report.html",
            "n300_series.csv", "n300_losses.md", "n300_losses_diff.md", "n300_step_time.md"];
        foreach (string name in expected)
        {
            Assert.True(new FileInfo(Path.Combine(Out, name)).Length > 100, name);
            Assert.Contains($"Saved: {Path.Combine(Out, name)}", r.Stdout, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.GetFiles(Out, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Out, ".*"));

        string md = File.ReadAllText(Path.Combine(Out, "n300_summary.md"));
        Assert.StartsWith("## Training run comparison\n\n- **fused** vs **baseline**: 1.083× faster (95% CI 1.081–1.085, p < 0.001); final loss Δ +0.0001 (95% CI −0.0003 to +0.0005), no significant difference\n", md, StringComparison.Ordinal);
        Assert.Contains("![Loss Comparison: All Runs](n300_losses.png)", md, StringComparison.Ordinal);
        Assert.Contains("```mermaid\n", md, StringComparison.Ordinal);
        Assert.Contains("--file-prefix 'n300 '", md, StringComparison.Ordinal);

        string losses = File.ReadAllText(Path.Combine(Out, "n300_losses.md"));
        Assert.StartsWith("Lines: baseline: blue (#1f77b4) · fused: orange (#ff7f0e)\n\n```mermaid\n", losses, StringComparison.Ordinal);
        Assert.Contains("  x-axis \"Step\" 1 --> 1000\n", losses, StringComparison.Ordinal);
        // 100 points a line by default
        var line = losses.Split('\n').First(l => l.StartsWith("  line [", StringComparison.Ordinal));
        Assert.Equal(100, line.Split(',').Length);

        var csv = File.ReadAllLines(Path.Combine(Out, "n300_series.csv"));
        Assert.Equal("run,step,metric,value", csv[0]);
        Assert.Equal("baseline,1,loss,11.2732", csv[1]);
        // baseline: 1000 losses and 999 times; fused: 1000 each of loss, time, TPS, TFLOPS, MFU
        Assert.Equal(1 + 1000 + 999 + 5 * 1000, csv.Length);
    }

    [Fact]
    public void Mermaid_points_follow_the_option()
    {
        var r = Traincmp.Run(Dir, [.. Examples, "--output-dir", Out, "--plots", "none", "--mermaid", "--mermaid-max-points", "7"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        string losses = File.ReadAllText(Path.Combine(Out, "losses.md"));
        Assert.Equal(7, losses.Split('\n').First(l => l.StartsWith("  line [", StringComparison.Ordinal)).Split(',').Length);
        Assert.Contains("_7 points from step 1 to 1000,", losses, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "losses.png")));
    }

    [Fact]
    public void Svg_plots_are_linked_from_the_summary()
    {
        var r = Traincmp.Run(Dir, [.. Examples, "--output-dir", Out, "--plots", "svg", "--report", "md"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("](losses.svg)", File.ReadAllText(Path.Combine(Out, "summary.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--report", "pdf", "--report takes md, html, csv (a comma list), not 'pdf'")]
    [InlineData("--report", "md,,htm", "--report takes md, html, csv (a comma list), not 'htm'")]
    [InlineData("--mermaid-max-points", "1", "--mermaid-max-points takes a whole number from 2 to 100000, not '1'")]
    [InlineData("--mermaid-max-points", "2.5", "--mermaid-max-points takes a whole number from 2 to 100000, not '2.5'")]
    public void Bad_report_options_are_one_line_usage_errors_with_no_output(string option, string value, string message)
    {
        var r = Traincmp.Run(Dir, [.. Examples, "--output-dir", Out, option, value]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"traincmp: error: {message} (see traincmp --help)\n", r.Stderr.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Github_summary_without_the_variable_is_a_usage_error_with_no_output()
    {
        var r = Traincmp.Run(Dir, new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = null },
            [.. Examples, "--output-dir", Out, "--github-summary"]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("traincmp: error: --github-summary needs $GITHUB_STEP_SUMMARY", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Github_summary_is_appended_with_mermaid_charts_and_without_image_links()
    {
        string summary = Write("step_summary.md", "# Earlier step\n");
        var env = new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary };
        var r = Traincmp.Run(Dir, env, [.. Examples, "--output-dir", Out, "--github-summary", "--mermaid"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        string text = File.ReadAllText(summary);
        Assert.StartsWith("# Earlier step\n\n## Training run comparison\n\n- **fused** vs **baseline**: 1.083× faster", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split("```mermaid").Length - 1);
        Assert.DoesNotContain("](losses.png)", text, StringComparison.Ordinal);
        Assert.Contains($"Saved: {summary} (appended)", r.Stdout, StringComparison.Ordinal);

        // a second step appends again, below
        Assert.Equal(0, Traincmp.Run(Dir, env, [.. Examples, "--output-dir", Out, "--github-summary"]).ExitCode);
        string twice = File.ReadAllText(summary);
        Assert.StartsWith(text, twice, StringComparison.Ordinal);
        Assert.Equal(2, twice.Split("## Training run comparison").Length - 1);
    }

    [Fact]
    public void Github_summary_and_watch_do_not_mix()
    {
        string summary = Write("step_summary.md", "");
        var r = Traincmp.Run(Dir, new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summary },
            [.. Examples, "--output-dir", Out, "--github-summary", "--watch", "1"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--github-summary cannot be combined with --watch", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", File.ReadAllText(summary));
    }
}
