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
        Assert.Matches(@"fused\s+1\.082x\s+1\.083x\s+1\.081 – 1\.085\s+< 0\.001\s+faster", r.Stdout);
        Assert.Matches(@"baseline\s+984\s+704\.23\s+12\.43\s+704\.18\s+661\.66\s+683\.84\s+723\.56\s+767\.44\s+10", r.Stdout);
        Assert.Matches(@"fused\s+1000\s+0\.00154539\s+0\.00612\s+155\s+0\.0001256\s+0\.006%", r.Stdout);
    }

    [Fact]
    public void Json_to_stdout_carries_the_json_alone_and_the_summary_goes_to_stderr()
    {
        var r = Traincmp.Run(Dir, Args("--json", "-"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("SUMMARY STATISTICS", r.Stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
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

    [Theory]
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
