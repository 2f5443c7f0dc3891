namespace TrainCompare.Tests.EndToEnd;

/// <summary>Inputs that used to be read short or wrong without a word, now read right (the errors are in <see cref="BadInputTests"/>).</summary>
public sealed class HardenedInputTests() : TempDirectory("traincmp-hardened-")
{
    private static string Log(int steps, string eol = "\n") => string.Concat(Enumerable.Range(1, steps).Select(i =>
        FormattableString.Invariant($"Step: {i}, Loss: {5.0 - i * 0.01:F4}, Time: {700 + i % 4} ms{eol}")));

    private string OutDir => Path.Combine(Dir, "out");

    [Fact]
    public void A_log_with_cr_line_ends_reads_every_step()
    {
        string path = Write("mac.txt", Log(40, "\r"));
        var r = Traincmp.Run(Dir, "--baseline", path, "--output-dir", OutDir, "--plots", "none");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("mac: 40 loss values, 40 step times", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_nan_losses_fail_the_nan_check()
    {
        string path = Write("run.jsonl", string.Concat(Enumerable.Range(1, 30).Select(i =>
            $"{{\"step\": {i}, \"loss\": {(i == 20 ? "NaN" : "2.5")}, \"step_time_ms\": 700}}\n")));
        var r = Traincmp.Run(Dir, "--baseline", path, "--fail-on-nan", "--output-dir", OutDir, "--plots", "none");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("run: 30 loss values", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("traincmp: check failed: run: 1 non-finite loss, the first at step 20 (--fail-on-nan)", r.Stderr.TrimEnd('\n'));
    }

    [Fact]
    public void A_line_over_a_mebibyte_is_skipped_and_the_run_line_says_so()
    {
        string path = Write("long.txt", Log(20) + "Step: 21, Loss: 1.0, " + new string('x', (1 << 20) + 10) + "\n" + Log(5).Replace("Step: ", "Step: 10", StringComparison.Ordinal));
        var r = Traincmp.Run(Dir, "--baseline", path, "--output-dir", OutDir, "--plots", "none");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("25 loss values", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("skipped a line longer than 1 MiB (line 21): lines that long are not read", r.Stdout, StringComparison.Ordinal);
    }
}
