using System.Globalization;
using System.Text;
using TrainCompare.Reading;

namespace TrainCompare.Tests.Reading;

/// <summary>Reading a plain file through memory-mapped windows hands over exactly what reading it through a stream does.</summary>
public sealed class MappedFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("traincmp-mapped-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Collect : ILineSink
    {
        public List<(string Text, int AnchorAt, long Number)> Lines { get; } = [];

        public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
            => Lines.Add((Encoding.UTF8.GetString(line), anchorAt, where.Number));
    }

    /// <summary>A 1.3 MB tt-train log in the old form (CRLF every seventh line, no final line end), fixed seed.</summary>
    private string WriteLog()
    {
        var rng = new Random(20261124);
        var text = new StringBuilder();
        for (int step = 1; text.Length < 1_300_000; step++)
        {
            string eol = step % 7 == 0 ? "\r\n" : "\n";
            text.Append(CultureInfo.InvariantCulture, $"[Rank 0] Step: {step}, Loss: {rng.NextDouble() * 10:F6}{eol}");
            text.Append(CultureInfo.InvariantCulture, $"Full step time {600 + rng.NextDouble() * 200:F3} ms, cache entries: 91{eol}");
            text.Append("dataloader step time 0.365 ms").Append(eol);
        }
        text.Append("Step: 999999, Loss: 1.5"); // the last line has no line end
        string path = Path.Combine(_dir, "log.txt");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static (List<(string, int, long)> Lines, long Count, long Bytes) ReadStream(string path, LineAnchors? anchors)
    {
        var sink = new Collect();
        using var file = File.OpenRead(path);
        using var scanner = new LogScanner(sink, anchors, 4096);
        scanner.Feed(file, final: true);
        return (sink.Lines, scanner.Lines, scanner.BytesRead);
    }

    [Theory]
    [InlineData(MappedFile.WindowBytes, 0, true)]
    [InlineData(65537, 0, true)]      // windows that start off page boundaries
    [InlineData(4099, 12345, true)]   // and a start part-way into the file, after bytes fed from elsewhere
    [InlineData(100_003, 0, false)]   // every line handed over
    public void Mapped_windows_hand_over_the_same_lines_as_a_stream(int window, int from, bool anchored)
    {
        string path = WriteLog();
        var anchors = anchored ? new LineAnchors("Step: ", "Full step time ") : null;
        var expected = ReadStream(path, anchors);

        var sink = new Collect();
        long progress = 0;
        using var scanner = new LogScanner(sink, anchors, 4096);
        using var file = File.OpenRead(path);
        byte[] head = new byte[from];
        file.ReadExactly(head);
        scanner.Feed(head, final: false);
        Assert.True(MappedFile.TryFeed(scanner, file, from, final: true, n => progress += n, window));

        Assert.Equal(expected.Lines, sink.Lines);
        Assert.Equal(expected.Count, scanner.Lines);
        Assert.Equal(expected.Bytes, scanner.BytesRead);
        Assert.Equal(file.Length - from, progress);
        Assert.Equal(file.Length, file.Position);
        Assert.Equal(("Step: 999999, Loss: 1.5", anchored ? 0 : -1, expected.Count), sink.Lines[^1]);
    }

    [Fact]
    public void A_small_file_is_left_to_the_stream()
    {
        string path = Path.Combine(_dir, "small.txt");
        File.WriteAllText(path, "Step: 1, Loss: 2\n");
        using var scanner = new LogScanner(new Collect(), null);
        using var file = File.OpenRead(path);
        Assert.False(MappedFile.TryFeed(scanner, file, 0, final: true, onRead: null));
        Assert.Equal(0, scanner.BytesRead);
        Assert.Equal(0, file.Position);
    }
}
