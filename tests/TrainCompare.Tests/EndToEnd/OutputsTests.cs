namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// The outputs as one transaction: names decided and checked before anything is written, nothing committed
/// when any output fails, no temporary file left, stale ones of killed runs removed; and series.csv safe to
/// open in a spreadsheet.
/// </summary>
public sealed class OutputsTests() : TempDirectory("traincmp-outputs-")
{
    private string Out => Path.Combine(Dir, "out");

    private string Jsonl(string name, params string[] keys) => Write(name, string.Concat(Enumerable.Range(1, 20).Select(i =>
        $"{{\"step\": {i}, \"loss\": {3.0 - i * 0.01:R}, \"step_time_ms\": 100{string.Concat(keys.Select(k => $", \"{k}\": {i}"))}}}\n")));

    private string Plain(string name) => Write(name, TestLogs.Log(20, s => 3 - s * 0.01, _ => 100));

    /// <summary>The contract of a failed output: exit 2, one line naming the cause, no file written, nothing temporary.</summary>
    private static string FailsCleanly(Traincmp.Result r)
    {
        Assert.Equal(2, r.ExitCode);
        string[] lines = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("traincmp: error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Saved:", r.Stdout, StringComparison.Ordinal);
        return lines[0];
    }

    private string[] OutFiles() => Directory.Exists(Out) ? [.. Directory.GetFiles(Out).Select(Path.GetFileName).Order(StringComparer.Ordinal)!] : [];

    [Fact]
    public void Metric_names_that_share_a_file_name_get_numbered_files()
    {
        string log = Jsonl("run.jsonl", "a/b", "a_b", "a b");
        var r = Traincmp.Run(Dir, "--baseline", log, "--output-dir", Out, "--plots", "svg", "--report", "csv,html");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(["losses.svg", "metric_a_b.svg", "metric_a_b_2.svg", "metric_a_b_3.svg", "report.html", "series.csv", "step_time.svg"], OutFiles());
    }

    [Fact]
    public void Over_long_metric_names_make_short_file_names_and_a_working_csv()
    {
        string name = new('m', 70_000);
        string log = Jsonl("run.jsonl", name);
        var r = Traincmp.Run(Dir, "--baseline", log, "--output-dir", Out, "--plots", "svg", "--mermaid", "--report", "csv",
            "--labels", "=" + new string('l', 70_000));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("metric_" + new string('m', 100) + ".svg", OutFiles());
        var rows = File.ReadAllLines(Path.Combine(Out, "series.csv"));
        Assert.Equal($"'={new string('l', 70_000)},1,{name},1", rows.Single(l => l.Contains(",1," + name + ",", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_output_directory_that_cannot_be_made_is_an_error_before_any_summary()
    {
        // /proc takes no new directories, whoever runs it (root included)
        var r = Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--output-dir", "/proc/traincmp-nope");
        Assert.StartsWith("traincmp: error: --output-dir /proc/traincmp-nope: cannot be created", FailsCleanly(r), StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void No_plots_is_plots_none_as_the_tt_train_script_spells_it()
    {
        var r = Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--output-dir", Out, "--no-plots", "--report", "md");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(["summary.md"], OutFiles());
        // no plots, so no "Generating plots..." before the reports
        Assert.DoesNotContain("Generating plots", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("\nWriting reports...\nSaved: " + Path.Combine(Out, "summary.md") + "\n", r.Stdout, StringComparison.Ordinal);
        var none = Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--output-dir", Out, "--no-plots", "--plots", "none");
        Assert.True(none.ExitCode == 0);
        Assert.DoesNotContain("Generating plots", none.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("\n\nDone!\n", none.Stdout, StringComparison.Ordinal);
        Assert.Equal("traincmp: error: --no-plots contradicts --plots svg (see traincmp --help)",
            FailsCleanly(Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--output-dir", Out + "2", "--no-plots", "--plots", "svg")));
    }

    [Fact]
    public void An_over_long_file_prefix_writes_nothing()
    {
        string prefix = new('p', 246);
        var r = Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--output-dir", Out, "--file-prefix", prefix, "--report", "md");
        Assert.Equal($"traincmp: error: {Out}/{prefix}losses.png: file name too long (256 bytes; file systems take at most 255)", FailsCleanly(r));
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void A_job_summary_that_cannot_be_appended_to_commits_nothing()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "losses.png"), "old");
        string summaryDir = Directory.CreateDirectory(Path.Combine(Dir, "summary")).FullName;
        var env = new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = summaryDir };
        var r = Traincmp.Run(Dir, env, "--baseline", Plain("a.txt"), "--output-dir", Out, "--report", "md", "--github-summary", "--json", "r.json");
        Assert.StartsWith($"traincmp: error: $GITHUB_STEP_SUMMARY {summaryDir}: cannot be appended to", FailsCleanly(r), StringComparison.Ordinal);
        Assert.Equal(["losses.png"], OutFiles());
        Assert.Equal("old", File.ReadAllText(Path.Combine(Out, "losses.png")));
        Assert.False(File.Exists(Path.Combine(Dir, "r.json")));
        Assert.Empty(Directory.GetFiles(Dir, "*.tmp"));
    }

    [Fact]
    public void A_job_summary_write_that_fails_part_way_commits_nothing()
    {
        if (!File.Exists("/dev/full"))
        {
            return; // Linux only: a device whose every write fails with "no space left"
        }
        var env = new Dictionary<string, string?> { ["GITHUB_STEP_SUMMARY"] = "/dev/full" };
        var r = Traincmp.Run(Dir, env, "--baseline", Plain("a.txt"), "--output-dir", Out, "--report", "md,csv", "--github-summary");
        Assert.StartsWith("traincmp: error: $GITHUB_STEP_SUMMARY /dev/full: cannot be appended to", FailsCleanly(r), StringComparison.Ordinal);
        Assert.Empty(OutFiles());
    }

    [Fact]
    public void Json_onto_an_output_of_the_same_run_is_refused_before_writing()
    {
        var r = Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--output-dir", Out, "--report", "md", "--json", Path.Combine(Out, "summary.md"));
        Assert.Equal($"traincmp: error: {Out}/summary.md: two outputs would be written to this one file", FailsCleanly(r));
        Assert.False(Directory.Exists(Out));
    }

    [Theory]
    [InlineData("--json", "", "--json '': an empty path (give a file name, or - for standard output)")]
    [InlineData("--json", "/", "--json /: names a directory, not a file")]
    [InlineData("--json", "sub/", "--json sub/: names a directory, not a file")]
    [InlineData("--json", "existing", "--json existing: names a directory, not a file")]
    [InlineData("--output-dir", "", "--output-dir '': an empty path (use . for the current directory)")]
    public void Empty_or_directory_output_paths_are_one_line_errors_with_nothing_written(string option, string value, string message)
    {
        Directory.CreateDirectory(Path.Combine(Dir, "existing"));
        string log = Plain("a.txt");
        string[] args = option == "--output-dir" ? ["--baseline", log, option, value] : ["--baseline", log, "--output-dir", Out, option, value];
        var r = Traincmp.Run(Dir, args);
        Assert.Equal($"traincmp: error: {message}", FailsCleanly(r));
        Assert.DoesNotContain("SUMMARY STATISTICS", r.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
        Assert.Equal(["a.txt"], Directory.GetFiles(Dir).Select(Path.GetFileName));
        Assert.Equal(["existing"], Directory.GetDirectories(Dir).Select(Path.GetFileName));
    }

    [Fact]
    public void An_over_long_json_file_name_is_refused_before_reading()
    {
        string name = new string('j', 251) + ".json";
        var r = Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--output-dir", Out, "--json", name);
        Assert.Equal($"traincmp: error: --json {name}: file name too long (256 bytes; file systems take at most 255)", FailsCleanly(r));
        Assert.DoesNotContain("SUMMARY STATISTICS", r.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Stale_temporary_files_of_killed_runs_are_removed_and_nothing_else()
    {
        Directory.CreateDirectory(Out);
        string[] kept = [".traincmp-1-0123456789abcdef.tmp", ".losses.png.999999999.tmp", "notes.tmp", ".traincmp-999999999-xyz.tmp"];
        foreach (string name in (string[])[".traincmp-999999999-0123456789abcdef.tmp", .. kept])
        {
            File.WriteAllText(Path.Combine(Out, name), "x");
        }
        var r = Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--output-dir", Out, "--plots", "none", "--report", "csv");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([.. kept.Concat(["series.csv"]).Order(StringComparer.Ordinal)], OutFiles());
    }

    [Fact]
    public void Series_csv_cells_that_look_like_formulas_are_quoted_as_text()
    {
        var r = Traincmp.Run(Dir, "--baseline", Plain("a.txt"), "--compare", Plain("b.txt"), "--output-dir", Out, "--plots", "none",
            "--report", "csv", "--labels", "=HYPERLINK(\"http://evil\",\"x\")", "+fast");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = File.ReadAllLines(Path.Combine(Out, "series.csv"));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",1,loss,2.99", rows);
        Assert.Contains("'+fast,1,loss,2.99", rows);
    }
}
