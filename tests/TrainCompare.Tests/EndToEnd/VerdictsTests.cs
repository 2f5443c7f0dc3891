using System.Text.Json;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>The statistics tables, the JSON report and the CI gates, through the built tool.</summary>
public sealed class VerdictsTests() : TempDirectory("traincmp-verdicts-")
{

    private static string Example(string name) => Path.Combine(Traincmp.ExamplesDir, name);

    private string[] Args(params string[] more)
        => ["--baseline", Example("baseline.txt"), "--compare", Example("fused.txt"), "--output-dir", Path.Combine(Dir, "out"), .. more];

    [Fact]
    public void Tables_follow_the_classic_block_in_plain_text_when_redirected()
    {
        var r = Traincmp.Run(Dir, Args());
        Assert.Equal(0, r.ExitCode);
        int classic = r.Stdout.IndexOf("Final Loss (last 100 steps average):", StringComparison.Ordinal);
        int speedup = r.Stdout.IndexOf("Speedup against 'baseline'", StringComparison.Ordinal);
        Assert.True(classic > 0 && speedup > classic, "tables come after the classic block");
        Assert.DoesNotContain('\u001b', r.Stdout); // no ANSI escapes: output is redirected and NO_COLOR is set
        Assert.Matches(@"fused\s+1\.082x\s+1\.083x\s+1\.081 – 1\.085\s+< 0\.001\s+196/197 × 5\s+faster", r.Stdout);
        Assert.Matches(@"baseline\s+984\s+984\s+704\.23\s+12\.43\s+704\.18\s+661\.66\s+683\.84\s+723\.56\s+767\.44\s+10", r.Stdout);
        Assert.Matches(@"fused\s+1000\s+0\.00154539\s+0\.00612\s+155\s+none\s+0\.00847431", r.Stdout);
        Assert.Matches(@"fused\s+901–1000\s+0\.0001256\s+-0\.0002625 – 0\.0005137\s+0\.006%\s+0\.491\s+~", r.Stdout);
        Assert.Matches(@"baseline\s+964\s+711\.1 s\s+1\.000x", r.Stdout);
        Assert.Matches(@"fused\s+964\s+659\.8 s\s+1\.078x\s+1\.082x", r.Stdout);
    }

    [Fact]
    public void Json_to_stdout_carries_the_json_alone_and_the_summary_goes_to_stderr()
    {
        var r = Traincmp.Run(Dir, Args("--json", "-"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("SUMMARY STATISTICS", r.Stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        var runs = root.GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        var baseline = runs[0];
        Assert.Equal("baseline", baseline.GetProperty("label").GetString());
        Assert.Equal("tt-train", baseline.GetProperty("format").GetString());
        Assert.Equal(1000, baseline.GetProperty("lossCount").GetInt32());
        Assert.Equal(999, baseline.GetProperty("stepTimeCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, baseline.GetProperty("firstNonFiniteStep").ValueKind);
        Assert.Equal(984, baseline.GetProperty("stepTime").GetProperty("n").GetInt32());
        Assert.Equal(704.183, baseline.GetProperty("stepTime").GetProperty("median").GetDouble());
        Assert.Equal(10, baseline.GetProperty("stepTime").GetProperty("outliers").GetInt32());
        Assert.True(runs[1].GetProperty("throughput").GetProperty("tokensPerSecond").GetDouble() > 6000);
        var c = Assert.Single(root.GetProperty("comparisons").EnumerateArray());
        Assert.Equal("fused", c.GetProperty("label").GetString());
        Assert.Equal("baseline", c.GetProperty("baseline").GetString());
        Assert.Equal("faster", c.GetProperty("speedup").GetProperty("verdict").GetString());
        Assert.InRange(c.GetProperty("speedup").GetProperty("ciLow").GetDouble(), 1.07, 1.09);
        var loss = c.GetProperty("loss");
        Assert.Equal(1000, loss.GetProperty("commonSteps").GetInt32());
        Assert.Equal(155, loss.GetProperty("maxAbsDiffStep").GetInt64());
        Assert.Equal(JsonValueKind.Null, loss.GetProperty("withinNoise").ValueKind);
        Assert.Equal(0, root.GetProperty("gates").GetArrayLength());
        // the batch test behind the speedup, and the effective sample size of each run
        Assert.Equal(5, c.GetProperty("speedup").GetProperty("batchSize").GetInt32());
        Assert.Equal(196, c.GetProperty("speedup").GetProperty("baselineBatches").GetInt32());
        Assert.Equal(984, baseline.GetProperty("stepTime").GetProperty("effectiveN").GetDouble(), 6);
        Assert.Equal([15], baseline.GetProperty("warmupSkipped").EnumerateArray().Select(e => e.GetInt32()));
        // the final-window verdict and the time to the baseline's final loss
        Assert.Equal("same", loss.GetProperty("verdict").GetString());
        Assert.Equal(901, loss.GetProperty("finalWindowFirstStep").GetInt64());
        Assert.InRange(loss.GetProperty("finalWindowCiLow").GetDouble(), -0.0003, -0.0002);
        Assert.InRange(loss.GetProperty("finalWindowCiHigh").GetDouble(), 0.0005, 0.0006);
        Assert.Equal(JsonValueKind.Null, loss.GetProperty("equivalent").ValueKind);
        Assert.Equal(964, c.GetProperty("timeToTarget").GetProperty("step").GetInt64());
        Assert.InRange(c.GetProperty("effectiveSpeedup").GetDouble(), 1.07, 1.09);
        Assert.Equal(964, root.GetProperty("baselineTimeToTarget").GetProperty("step").GetInt64());
        Assert.Empty(c.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public void A_failed_check_says_what_was_measured_writes_everything_and_exits_1()
    {
        string json = Path.Combine(Dir, "report.json");
        var r = Traincmp.Run(Dir, Args("--min-speedup", "1.2", "--max-loss-diff", "0.01", "--json", json));
        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Matches(@"^traincmp: check failed: fused: speedup 1\.083x \(95% CI 1\.08\d–1\.08\d\) is below --min-speedup 1\.2x$", line);
        foreach (string png in new[] { "losses.png", "losses_diff.png", "step_time.png" })
        {
            Assert.True(File.Exists(Path.Combine(Dir, "out", png)));
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var gates = doc.RootElement.GetProperty("gates");
        Assert.Equal(2, gates.GetArrayLength());
        Assert.False(gates[0].GetProperty("passed").GetBoolean());
        Assert.Equal(1.2, gates[0].GetProperty("bound").GetDouble());
        Assert.True(gates[1].GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Passing_checks_exit_0()
    {
        var r = Traincmp.Run(Dir, Args("--min-speedup", "1.05", "--max-loss-diff", "0.01", "--fail-on-nan"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void A_nan_loss_is_shown_prominently_and_fails_the_nan_check()
    {
        string log = Path.Combine(Dir, "nan.txt");
        File.WriteAllText(log, string.Concat(Enumerable.Range(1, 50).Select(i => $"Step: {i}, Loss: {(i == 30 ? "nan" : "3.5")}, Time: 700 ms\n")));
        var r = Traincmp.Run(Dir, "--baseline", Example("fused.txt"), "--compare", log, "--fail-on-nan", "--output-dir", Path.Combine(Dir, "out"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("nan: 1 non-finite loss, the first at step 30; statistics below use the finite ones", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("traincmp: check failed: nan: 1 non-finite loss, the first at step 30 (--fail-on-nan)", r.Stderr.TrimEnd('\n'));
    }

    /// <summary>A tt-train log of the new one-line form.</summary>
    private string Log(string name, int steps, Func<int, double> loss, Func<int, double> time)
    {
        string path = Path.Combine(Dir, name + ".txt");
        File.WriteAllText(path, string.Concat(Enumerable.Range(1, steps).Select(i =>
            FormattableString.Invariant($"Step: {i}, Loss: {loss(i):0.000000}, Time: {time(i):0.00} ms\n"))));
        return path;
    }

    private static double Wiggle(int i, int seed) => Math.Sin(i * 12.9898 + seed * 78.233) * 0.5; // deterministic noise in [-0.5, 0.5]

    [Fact]
    public void A_loss_regression_is_higher_departs_and_is_never_shown_as_good_news()
    {
        string b = Log("base", 1000, i => 2 + 8 * Math.Exp(-i / 200.0) + 0.1 * Wiggle(i, 1), i => 700 + 5 * Wiggle(i, 2));
        string r = Log("regressed", 1000, i => 2 + 8 * Math.Exp(-i / 200.0) + 0.1 * Wiggle(i, 1) + 0.002 * Wiggle(i, 3) + (i >= 300 ? 0.15 : 0),
            i => 650 + 5 * Wiggle(i, 4));
        string json = Path.Combine(Dir, "r.json");
        var run = Traincmp.Run(Dir, "--baseline", b, "--compare", r, "--output-dir", Path.Combine(Dir, "out"), "--report", "md,html", "--json", json);
        Assert.Equal(0, run.ExitCode);
        // the verdict wraps after a clause, continuing two spaces in: joined again, it is the one line summary.md opens with
        string verdict = run.Stdout.ReplaceLineEndings("\n").Replace(";\n  ", "; ", StringComparison.Ordinal);
        Assert.Matches(@"regressed vs base: 1\.077× faster \(.*\); loss departs from the baseline at step 3\d\d; final loss Δ \+0\.1500 \(95% CI .*\), higher", verdict);
        string html = File.ReadAllText(Path.Combine(Dir, "out", "report.html"));
        Assert.Contains("<li class=\"overall-bad\"><b>regressed</b>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"bad\">loss departs from the baseline", html, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var loss = doc.RootElement.GetProperty("comparisons")[0].GetProperty("loss");
        Assert.Equal("higher", loss.GetProperty("verdict").GetString());
        Assert.InRange(loss.GetProperty("divergenceStep").GetInt64(), 300, 320);
        // it never reaches the baseline's final loss: no effective speedup, whatever its steps do
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("comparisons")[0].GetProperty("effectiveSpeedup").ValueKind);
        Assert.Matches(@"regressed\s+not reached\s+-\s+not reached\s+1\.07\dx", run.Stdout);
    }

    [Fact]
    public void A_run_that_crashed_early_is_flagged_on_its_run_line_and_in_every_report()
    {
        string b = Log("base", 1000, i => 3 + 1.0 / i, i => 700 + 5 * Wiggle(i, 2));
        string r = Log("crashed", 612, i => 3 + 1.0 / i + 0.001 * Wiggle(i, 5), i => 700 + 5 * Wiggle(i, 6));
        string json = Path.Combine(Dir, "r.json");
        var run = Traincmp.Run(Dir, "--baseline", b, "--compare", r, "--output-dir", Path.Combine(Dir, "out"), "--report", "md,html", "--json", json);
        Assert.Equal(0, run.ExitCode);
        const string warning = "crashed ends at step 612, base at step 1000: stopped early (crashed or shorter); the final window is steps 513–612, which both logged";
        Assert.Contains($"  crashed: 612 loss values, 612 step times ({r}, format tt-train)\n    warning: {warning}\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains(warning, File.ReadAllText(Path.Combine(Dir, "out", "summary.md")), StringComparison.Ordinal);
        Assert.Contains(warning, File.ReadAllText(Path.Combine(Dir, "out", "report.html")), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(warning, doc.RootElement.GetProperty("comparisons")[0].GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public void A_short_log_says_warm_up_took_its_step_times_and_auto_finds_where_they_settle()
    {
        string b = Log("base", 10, i => 3, i => i == 1 ? 5000 : 700 + Wiggle(i, 1));
        string r = Log("fused", 10, i => 3, i => i == 1 ? 5000 : 650 + Wiggle(i, 2));
        var plain = Traincmp.Run(Dir, "--baseline", b, "--compare", r, "--output-dir", Path.Combine(Dir, "out"));
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("    warning: warm-up took all 10 step times (--warmup-steps 15): nothing left to compare; pass --warmup-steps auto, or a number below 10, to keep some\n",
            plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("fused vs base: no step times to compare (warm-up took all of fused's)", plain.Stdout, StringComparison.Ordinal);
        var auto = Traincmp.Run(Dir, "--baseline", b, "--compare", r, "--output-dir", Path.Combine(Dir, "out"), "--warmup-steps", "auto", "--report", "md");
        Assert.Equal(0, auto.ExitCode);
        Assert.Contains("> **Note:** fused: warm-up (auto): the first 1 step time skipped; step times settle from step 2\n",
            File.ReadAllText(Path.Combine(Dir, "out", "summary.md")), StringComparison.Ordinal);
        Assert.Contains("    note: warm-up (auto): the first 1 step time skipped; step times settle from step 2\n", auto.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"fused vs base: 1\.07\d× faster \(95% CI", auto.Stdout);
        Assert.Contains("Step time, ms (after the warm-up found in each run)", auto.Stdout, StringComparison.Ordinal);
        // with a number, no note: the run lines and the classic block stay as the old script printed them
        var one = Traincmp.Run(Dir, "--baseline", b, "--compare", r, "--output-dir", Path.Combine(Dir, "out"), "--warmup-steps", "1");
        Assert.DoesNotContain("note:", one.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Mean Step Times:\n  base: \d+\.\d\d ms \(std: \d+\.\d\d ms\)\n  fused: \d+\.\d\d ms \(std: \d+\.\d\d ms\)\n\nSpeedup relative to 'base':\n  fused: 1\.07\dx\n", one.Stdout);
    }

    [Theory]
    [InlineData("--warmup-steps", "automatic")]
    [InlineData("--alpha", "1.5")]
    [InlineData("--alpha", "0")]
    [InlineData("--final-window", "0")]
    [InlineData("--min-speedup", "-1")]
    [InlineData("--max-loss-diff", "abc")]
    public void Bad_values_are_usage_errors(string option, string value)
    {
        var r = Traincmp.Run(Dir, Args(option, value));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"traincmp: error: {option} takes ", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }
}
