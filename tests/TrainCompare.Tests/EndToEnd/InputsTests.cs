using System.Diagnostics;
using System.IO.Compression;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>Compressed logs (recognized by their bytes, not their names) and standard input.</summary>
public sealed class InputsTests() : TempDirectory("traincmp-inputs-")
{

    private static string Log(double time) => "header line\n" + string.Concat(Enumerable.Range(1, 120).Select(i =>
        FormattableString.Invariant($"Step: {i}, Loss: {5.0 - i * 0.01:F4}, Time: {time + i % 4} ms\n")));

    [Fact]
    public void Gzip_and_zstd_logs_are_read_whatever_their_names()
    {
        string gz = Path.Combine(Dir, "baseline.log"); // no .gz: recognized by its magic bytes
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Fastest))
        {
            zip.Write(System.Text.Encoding.UTF8.GetBytes(Log(700)));
        }
        string zst = Path.Combine(Dir, "fused.zst");
        using (var compressor = new ZstdSharp.Compressor())
        {
            File.WriteAllBytes(zst, compressor.Wrap(System.Text.Encoding.UTF8.GetBytes(Log(650))).ToArray());
        }
        var r = Traincmp.Run(Dir, "--baseline", gz, "--compare", zst, "--output-dir", "out", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("baseline: 120 loss values, 120 step times", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("fused: 120 loss values, 120 step times", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"verdict\": \"faster\"", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_gzip_is_an_input_error_naming_the_file()
    {
        string bad = Path.Combine(Dir, "bad.gz");
        File.WriteAllBytes(bad, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]);
        var r = Traincmp.Run(Dir, "--baseline", bad, "--output-dir", "out");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"traincmp: error: {bad}: cannot be decompressed (", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_is_read_with_a_dash()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { Traincmp.ToolPath, "--baseline", "-", "--output-dir", "out" })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(Log(700));
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)));
        string err = await stderr;
        Assert.True(process.ExitCode == 0, err);
        Assert.Contains("stdin: 120 loss values, 120 step times (-, format tt-train)", await stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Dir, "out", "losses.png")));
    }

    /// <summary>
    /// A named pipe, as <c>--baseline &lt;(zcat run.log.gz)</c> passes one, cannot seek: it used to end traincmp with
    /// an unhandled NotSupportedException. It is read like standard input, here past the 4 MiB detection sample
    /// (so no part of it is mapped), and gzip through it is still recognized by its bytes.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_named_pipe_is_read_like_standard_input(bool gzip)
    {
        string fifo = Path.Combine(Dir, "run.pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            Assert.True(mkfifo.WaitForExit(TimeSpan.FromSeconds(30)) && mkfifo.ExitCode == 0);
        }
        int steps = 100_000; // about 6 MB: past the 4 MiB sample
        string text = "header line\n" + string.Concat(Enumerable.Range(1, steps).Select(i =>
            FormattableString.Invariant($"Step: {i}, Loss: {5.0 - i * 1e-5:F6}, Time: {700 + i % 4} ms, cache entries: 42\n")));
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (gzip)
        {
            using var packed = new MemoryStream();
            using (var zip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(bytes);
            }
            bytes = packed.ToArray();
        }
        else
        {
            Assert.True(bytes.Length > 4 << 20);
        }
        var writer = Task.Run(() =>
        {
            using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            pipe.Write(bytes);
        });
        var r = Traincmp.Run(Dir, "--baseline", fifo, "--output-dir", "out");
        if (await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(10))) != writer)
        {
            using var drain = new FileStream(fifo, FileMode.Open, FileAccess.Read); // let a stuck writer finish
            drain.CopyTo(Stream.Null);
        }
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"run: {steps} loss values, {steps} step times", r.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Dir, "out", "losses.png")));
    }

    [Fact]
    public void Standard_input_can_be_read_once()
    {
        var r = Traincmp.Run(Dir, "--baseline", "-", "--compare", "-", "--output-dir", "out");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("traincmp: error: -: standard input can be read by one run only", r.Stderr.TrimEnd('\n'));
    }
}
