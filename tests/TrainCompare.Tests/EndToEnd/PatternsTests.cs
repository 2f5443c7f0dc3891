namespace TrainCompare.Tests.EndToEnd;

/// <summary>--pattern for logs no format knows, --metric for one more number in any log.</summary>
public sealed class PatternsTests() : TempDirectory("traincmp-patterns-")
{

    [Fact]
    public void Patterns_read_a_home_made_log_with_times_in_seconds()
    {
        // 20 steps; losses 3.0 - 0.05 i; times 0.5 s and 0.6 s alternating: mean 550 ms, std 50 ms
        string log = Write("custom.log", "booting\n" + string.Concat(Enumerable.Range(1, 20).Select(i =>
            FormattableString.Invariant($"ep 0 it {i} | l={3.0 - 0.05 * i:F2} | t={(i % 2 == 0 ? 0.5 : 0.6)}s\n"))));
        var r = Traincmp.Run(Dir, "--baseline", log, "--pattern", @"step=it (\d+)", "--pattern", "loss=l=([0-9.]+)",
            "--pattern", "step_time=t=(?<value>[0-9.]+)s", "--time-unit", "s", "--warmup-steps", "0", "--output-dir", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("custom: 20 loss values, 20 step times (" + log + ", format regex)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  custom: 550.00 ms (std: 50.00 ms)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  custom: 2.475000 (all 20 steps)", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("loss=l=([0-9.]+)", "traincmp: error: --pattern: give step=REGEX too, so values can be keyed by step")]
    [InlineData("step=it (", "traincmp: error: --pattern 'step=it (': not a valid regular expression")]
    [InlineData("loss", "traincmp: error: --pattern 'loss': expected NAME=REGEX")]
    [InlineData("step=it \\d+", "traincmp: error: --pattern 'step=it \\d+': the expression needs a group around the number")]
    public void Bad_patterns_are_usage_errors(string pattern, string message)
    {
        var r = Traincmp.Run(Dir, "--baseline", Write("x.log", "it 1 l=3\n"), "--pattern", pattern, "--output-dir", "out");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(message, r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_pattern_adds_a_chart_to_a_known_format()
    {
        var r = Traincmp.Run(Dir, "--baseline", Path.Combine(Traincmp.ExamplesDir, "baseline.txt"),
            "--metric", @"cache=cache entries: (\d+)", "--output-dir", "out", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("baseline: 1000 loss values, 999 step times", r.Stderr, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var cache = doc.RootElement.GetProperty("runs")[0].GetProperty("metrics").GetProperty("cache");
        Assert.Equal(999, cache.GetProperty("count").GetInt32());
        Assert.Equal(91, cache.GetProperty("last").GetDouble());
        CompareExamplesTests.AssertGoodChart(Path.Combine(Dir, "out", "metric_cache.png"));
    }
}
