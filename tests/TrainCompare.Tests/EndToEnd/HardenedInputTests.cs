using System.IO.Compression;
using System.Text;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// Inputs that used to be read short or wrong without a word: each is now read right, or is an error of
/// one line naming the file and the reason, exit code 2, nothing written.
/// </summary>
public sealed class HardenedInputTests() : TempDirectory("traincmp-hardened-")
{
    private static string Log(int steps, string eol = "\n") => string.Concat(Enumerable.Range(1, steps).Select(i =>
        FormattableString.Invariant($"Step: {i}, Loss: {5.0 - i * 0.01:F4}, Time: {700 + i % 4} ms{eol}")));

    private string OutDir => Path.Combine(Dir, "out");

    private string Fails(params string[] args)
    {
        var r = Traincmp.Run(Dir, [.. args, "--output-dir", OutDir]);
        Assert.Equal(2, r.ExitCode);
        string[] lines = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("traincmp: error: ", lines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(OutDir), "bad input must not create the output directory");
        return lines[0];
    }

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var zip = new GZipStream(memory, CompressionLevel.Optimal, leaveOpen: true))
        {
            zip.Write(Encoding.UTF8.GetBytes(text));
        }
        return memory.ToArray();
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_log_with_cr_line_ends_reads_every_step()
    {
        string path = Write("mac.txt", Log(40, "\r"));
        var r = Traincmp.Run(Dir, "--baseline", path, "--output-dir", OutDir, "--plots", "none");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("mac: 40 loss values, 40 step times", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]   // cut in the middle
    [InlineData(-8)]  // only the trailer (CRC and size) missing
    public void A_truncated_gzip_is_an_error_not_a_shorter_run(int cut)
    {
        byte[] full = Gzip(Log(2000));
        byte[] truncated = cut > 0 ? full[..(full.Length / cut)] : full[..(full.Length + cut)];
        string path = WriteBytes("cut.txt.gz", truncated);
        Assert.Equal($"traincmp: error: {path}: cannot be decompressed (truncated: the gzip data ends before its end marker)", Fails("--baseline", path));
    }

    [Fact]
    public void A_gzip_with_a_bad_crc_is_called_corrupt()
    {
        byte[] bytes = Gzip(Log(200));
        bytes[^6] ^= 0x55; // in the CRC-32 of the trailer
        string path = WriteBytes("crc.txt.gz", bytes);
        Assert.Equal($"traincmp: error: {path}: cannot be decompressed (corrupt: CRC mismatch (the data does not match the checksum stored with it))", Fails("--baseline", path));
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

    [Theory]
    [InlineData("loss")]
    [InlineData("step_time_ms")]
    [InlineData("LR")]
    public void A_metric_option_may_not_take_a_built_in_name(string name)
    {
        string path = Write("run.txt", Log(30));
        string error = Fails("--baseline", path, "--metric", $"{name}=x ([0-9.]+)");
        Assert.StartsWith($"traincmp: error: --metric '{name}=x ([0-9.]+)': '{name}' is a built-in metric", error, StringComparison.Ordinal);
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
