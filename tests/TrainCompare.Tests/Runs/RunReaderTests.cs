using System.Globalization;
using System.Text;
using TrainCompare.Reading;
using TrainCompare.Runs;

namespace TrainCompare.Tests.Runs;

public sealed class RunReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("traincmp-reader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// The detected format reads no loss and no step time from the whole log: the next best format is read instead,
    /// and the run line says so. The sample (4 MiB) shows Hugging Face evaluation dicts, the most lines, and JSON
    /// lines without a loss; the JSON lines' losses come only after the sample.
    /// </summary>
    [Fact]
    public void A_format_that_reads_no_loss_from_the_whole_log_gives_way_to_the_next_best()
    {
        var text = new StringBuilder();
        int i = 0;
        while (text.Length < (5 << 20))
        {
            text.Append(CultureInfo.InvariantCulture, $"{{'eval_loss': 1.8765, 'eval_runtime': 3.21, 'epoch': {i * 0.01:F2}}}\n");
            if (i++ % 4 == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{{\"step\": {i}, \"tokens_seen\": {i * 4096}}}\n");
            }
        }
        for (int s = 1; s <= 10; s++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"step\": {i + s}, \"loss\": {3.0 - s * 0.1:F2}, \"step_time_ms\": 700}}\n");
        }
        string path = Path.Combine(_dir, "late.log");
        File.WriteAllText(path, text.ToString());
        using var reader = RunReader.Open(new RunSpec("late", path));
        var run = reader.ToRun();
        Assert.Equal("jsonl", run.Format);
        Assert.Equal(10, run.Loss.Count);
        Assert.Contains("format hf recognized more lines but read no loss and no step time from them: read as jsonl; --format picks one", run.Findings.Messages());

        // chosen with --format, a format is not passed over
        var chosen = Assert.Throws<TrainCompareException>(() => RunReader.Open(new RunSpec("late", path) { Format = "hf" }).ToRun());
        Assert.Contains("no loss or step time values found in its hf lines", chosen.Message, StringComparison.Ordinal);

        // no format reads any: the error names the formats read
        File.WriteAllText(path, string.Concat(Enumerable.Range(1, 20).Select(k => $"{{'eval_loss': 1.8, 'epoch': {k}}}\n{{\"step\": {k}, \"tokens_seen\": 5}}\n")));
        var none = Assert.Throws<TrainCompareException>(() => RunReader.Open(new RunSpec("late", path)).ToRun());
        Assert.Contains("no loss or step time values found in its", none.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A log past the 4 MiB detection sample, read once and read as watch mode follows it (the last line kept
    /// back): both must give the same run, restart warning and line numbers included.
    /// </summary>
    [Fact]
    public void A_log_larger_than_the_sample_reads_the_same_once_and_followed()
    {
        var rng = new Random(7);
        var text = new StringBuilder();
        int step = 1;
        bool resumed = false;
        while (text.Length < 6_500_000)
        {
            if (!resumed && text.Length > 5_000_000)
            {
                step -= 1000; // resumed from a checkpoint, past the sample
                resumed = true;
            }
            string eol = step % 1000 < 3 ? "\r\n" : "\n";
            text.Append(CultureInfo.InvariantCulture, $"Step: {step}, Loss: {rng.NextDouble() * 10:F6}{eol}");
            text.Append(CultureInfo.InvariantCulture, $"Full step time {600 + rng.NextDouble() * 200:F3} ms, cache entries: 91{eol}");
            text.Append("dataloader step time 0.365 ms\ndataloader host only step time 0.033 ms\n");
            step++;
        }
        string path = Path.Combine(_dir, "big.txt");
        File.WriteAllText(path, text.ToString());
        Assert.True(new FileInfo(path).Length > (5 << 20));

        var spec = new RunSpec("big", path);
        using var once = RunReader.Open(spec);
        using var followed = RunReader.Open(spec, follow: true);
        Run a = once.ToRun(), b = followed.ToRun();

        Assert.Equal(b.Loss.Steps.ToArray(), a.Loss.Steps.ToArray());
        Assert.Equal(b.Loss.Values.ToArray(), a.Loss.Values.ToArray());
        Assert.Equal(b.StepTimeMs.Values.ToArray(), a.StepTimeMs.Values.ToArray());
        Assert.Equal(b.Findings.Messages(), a.Findings.Messages());
        Assert.Matches(@"^the log restarts at line \d+ \(step \d+ after step \d+", Assert.Single(a.Findings.Messages()));
        Assert.Equal(new FileInfo(path).Length, once.BytesRead);
    }

    /// <summary>
    /// A log truncated while it is read (a new run writing '&gt; run.log', logrotate's copytruncate) is an input
    /// error naming the file, not a shorter run; it used to be memory-mapped past 1 MiB, and the truncation
    /// ended the process with SIGBUS.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(4_500_000)]
    public void A_log_truncated_while_it_is_read_is_an_error_not_a_crash_nor_a_shorter_run(long cutTo)
    {
        string path = Path.Combine(_dir, "cut.txt");
        var text = new StringBuilder();
        for (int step = 1; text.Length < 12_000_000; step++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Step: {step}, Loss: {10.0 / step:F6}, Time: 700 ms\n");
        }
        File.WriteAllText(path, text.ToString());
        long length = new FileInfo(path).Length;
        bool cut = false;
        void OnRead(long bytes)
        {
            if (!cut)
            {
                cut = true; // after the first read (the detection sample), another process cuts the file short
                using var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                writer.SetLength(cutTo);
            }
        }
        var e = Assert.Throws<TrainCompareException>(() => RunReader.Open(new RunSpec("cut", path), onRead: OnRead));
        Assert.StartsWith($"{path}: was cut short while it was read ({length} bytes when opened, only ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("another process truncated it (a new run writing to it, logrotate's copytruncate); read it again once it is complete",
            e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Watch mode tells a grown file from a replaced one by device and inode (and its first bytes), not by a
    /// creation time: on Linux without a birth time that is the status-change time, which every append moves,
    /// so each append was taken for a new file and the whole log read again.
    /// </summary>
    [Fact]
    public void Appends_are_read_as_appends_and_only_a_replaced_or_truncated_file_is_read_again()
    {
        string path = Path.Combine(_dir, "run.txt");
        string Steps(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"Step: {i}, Loss: {10.0 / i:F6}, Time: 700 ms\n")));
        File.WriteAllText(path, Steps(1, 20));
        using var reader = RunReader.Open(new RunSpec("run", path), follow: true);
        long read = 0;
        for (int round = 0; round < 5; round++)
        {
            Thread.Sleep(15); // so that a time stamp would differ
            File.AppendAllText(path, Steps(21 + round * 10, 30 + round * 10));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(round + 1)); // and the times move for sure
            Assert.True(reader.Refresh());
            Assert.Equal(0, reader.Restarts);
            Assert.True(reader.BytesRead > read);
            read = reader.BytesRead;
        }
        Assert.Equal(70, reader.ToRun().Loss.Count);

        // replaced by another file (a new inode), longer than the old one and with the same first bytes: read again
        File.WriteAllText(path + ".new", Steps(1, 80));
        File.Move(path + ".new", path, overwrite: true);
        Assert.True(reader.Refresh());
        Assert.Equal(1, reader.Restarts);
        Assert.Equal(80, reader.ToRun().Loss.Count);

        // truncated in place (the same inode, shorter): read again
        File.WriteAllText(path, Steps(1, 5));
        Assert.True(reader.Refresh());
        Assert.Equal(2, reader.Restarts);
        Assert.Equal(5, reader.ToRun().Loss.Count);
    }

    /// <summary>
    /// Progress adds up to the file's size, as the bar over file sizes expects: a compressed log counts its
    /// compressed bytes (it used to count the decompressed ones, and the bar reached 100% early).
    /// </summary>
    [Theory]
    [InlineData("plain")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void Progress_counts_the_bytes_of_the_file_as_it_is_on_disk(string compression)
    {
        var text = new StringBuilder();
        for (int step = 1; step <= 60_000; step++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Step: {step}, Loss: {10.0 / step:F6}, Time: {700 + step % 13} ms\n");
        }
        byte[] plain = Encoding.UTF8.GetBytes(text.ToString());
        string path = Path.Combine(_dir, "run.txt" + compression switch { "gzip" => ".gz", "zstd" => ".zst", _ => "" });
        using (var file = File.Create(path))
        {
            using Stream writer = compression switch
            {
                "gzip" => new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true),
                "zstd" => new ZstdSharp.CompressionStream(file, leaveOpen: true),
                _ => new MemoryStream(),
            };
            (compression == "plain" ? file : writer).Write(plain);
        }
        long reported = 0;
        using var reader = RunReader.Open(new RunSpec("run", path), onRead: n => reported += n);
        Assert.Equal(60_000, reader.ToRun().Loss.Count);
        long size = new FileInfo(path).Length;
        Assert.True(compression == "plain" || size < plain.Length / 3, $"{compression}: {size} bytes is not much compressed");
        Assert.Equal(size, reported);
    }
}
