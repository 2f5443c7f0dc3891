using System.Text;
using TrainCompare.Reading;

namespace TrainCompare.Tests.Reading;

public class LogScannerTests
{
    private sealed class Collect : ILineSink
    {
        public List<(string Text, long Number)> Lines { get; } = [];
        public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where) => Lines.Add((Encoding.UTF8.GetString(line), where.Number));
    }

    private static readonly LineAnchors Anchors = new("Step: ", "Full step time ");

    private static List<(string, long)> Read(string text, int bufferSize = LogScanner.DefaultBufferSize, LineAnchors? anchors = null,
        long expectedLines = -1)
    {
        var sink = new Collect();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        using var scanner = new LogScanner(sink, anchors, bufferSize);
        scanner.Feed(stream, final: true);
        if (anchors is null)
        {
            Assert.Equal(sink.Lines.Count, scanner.Lines);
        }
        if (expectedLines >= 0)
        {
            Assert.Equal(expectedLines, scanner.Lines);
        }
        Assert.Equal(Encoding.UTF8.GetByteCount(text), scanner.BytesRead);
        return sink.Lines;
    }

    [Fact]
    public void Splits_lf_and_crlf_and_keeps_empty_lines()
        => Assert.Equal([("a", 1L), ("", 2L), ("b", 3L), ("c", 4L)], Read("a\n\r\nb\r\nc\n"));

    [Fact]
    public void Reads_a_last_line_without_line_end()
        => Assert.Equal([("a", 1L), ("tail", 2L)], Read("a\ntail"));

    [Fact]
    public void Reads_nothing_from_an_empty_stream()
        => Assert.Empty(Read(""));

    [Fact]
    public void Lines_longer_than_the_buffer_arrive_whole()
    {
        string longLine = new('x', 5000);
        var lines = Read($"{longLine}\nshort\n{longLine}y", bufferSize: 16);
        Assert.Equal([(longLine, 1L), ("short", 2L), (longLine + "y", 3L)], lines);
    }

    [Fact]
    public void Lines_that_straddle_buffer_boundaries_are_joined()
    {
        var text = string.Join("\n", Enumerable.Range(1, 500).Select(i => $"Step: {i}, Loss: {i * 0.5}"));
        var lines = Read(text, bufferSize: 64);
        Assert.Equal(500, lines.Count);
        Assert.Equal(("Step: 250, Loss: 125", 250L), lines[249]);
    }

    [Fact]
    public void With_anchors_only_lines_holding_one_arrive_with_their_true_line_numbers()
    {
        string text = "header\nStep: 1, Loss: 3\ndataloader step time 0.3 ms\nFull step time 700 ms\n\nSomething Else\nx Step: 2, Loss: 2\r\nStep: 3, Loss: 1";
        var expected = new List<(string, long)> { ("Step: 1, Loss: 3", 2), ("Full step time 700 ms", 4), ("x Step: 2, Loss: 2", 7), ("Step: 3, Loss: 1", 8) };
        foreach (int size in new[] { 16, 32, 64, 1 << 20 })
        {
            Assert.Equal(expected, Read(text, size, Anchors, expectedLines: 8));
        }
    }

    [Fact]
    public void An_anchor_split_across_reads_is_found()
    {
        // 16-byte buffer: "Step: " starts at byte 14 of the stream, so it straddles the first read
        string text = "0123456789abc Step: 5, Loss: 1\nno\n";
        Assert.Equal([("0123456789abc Step: 5, Loss: 1", 1L)], Read(text, 16, Anchors, expectedLines: 2));
    }

    [Fact]
    public void Feeding_again_reads_only_what_was_appended_and_completes_a_held_back_line()
    {
        var sink = new Collect();
        using var stream = new MemoryStream();
        using var scanner = new LogScanner(sink, Anchors, 64);
        stream.Write("Step: 1, Loss: 3\nStep: 2, Lo"u8);
        stream.Position = 0;
        scanner.Feed(stream, final: false);
        Assert.Equal([("Step: 1, Loss: 3", 1L)], sink.Lines); // the unfinished line is held back
        long at = stream.Position;
        stream.Write("ss: 2\nStep: 3, Loss: 1\n"u8);
        stream.Position = at;
        scanner.Feed(stream, final: false);
        Assert.Equal([("Step: 1, Loss: 3", 1L), ("Step: 2, Loss: 2", 2L), ("Step: 3, Loss: 1", 3L)], sink.Lines);
        Assert.Equal(stream.Length, scanner.BytesRead);
    }

    [Fact]
    public void Max_bytes_stops_early()
    {
        var sink = new Collect();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("0123456789\n", 100))));
        using var scanner = new LogScanner(sink, bufferSize: 16);
        scanner.Feed(stream, final: false, maxBytes: 55);
        Assert.Equal(5, sink.Lines.Count);
        Assert.Equal(55, scanner.BytesRead);
    }

    [Fact]
    public void A_lone_cr_ends_a_line_and_crlf_stays_one_line_end()
    {
        // an old Mac (or a progress bar's) log: every step on a line of its own, as Python prints with end="\r"
        string text = string.Concat(Enumerable.Range(1, 40).Select(i => $"Step: {i}, Loss: {i * 0.5}\r"));
        foreach (int size in new[] { 16, 17, 64, 1 << 20 })
        {
            Assert.Equal(40, Read(text, size).Count);
            var anchored = Read(text, size, Anchors, expectedLines: 40);
            Assert.Equal(40, anchored.Count);
            Assert.Equal(("Step: 40, Loss: 20", 40L), anchored[^1]);
        }
        Assert.Equal([("a", 1L), ("b", 2L), ("c", 3L), ("", 4L), ("d", 5L)], Read("a\rb\r\nc\r\rd"));
    }

    [Fact]
    public void A_crlf_cut_between_in_memory_feeds_is_one_line_end_and_a_lone_cr_is_one_too()
    {
        foreach (var (first, second, expected) in new[]
                 {
                     ("Step: 1, Loss: 3\r", "\nStep: 2, Loss: 2\n", new[] { ("Step: 1, Loss: 3", 1L), ("Step: 2, Loss: 2", 2L) }),
                     ("Step: 1, Loss: 3\r", "Step: 2, Loss: 2\r", new[] { ("Step: 1, Loss: 3", 1L), ("Step: 2, Loss: 2", 2L) }),
                 })
        {
            var sink = new Collect();
            using var scanner = new LogScanner(sink, Anchors);
            scanner.Feed(Encoding.UTF8.GetBytes(first), final: false);
            scanner.Feed(Encoding.UTF8.GetBytes(second), final: true);
            Assert.Equal(expected, sink.Lines);
            Assert.Equal(2, scanner.Lines);
        }
    }

    [Fact]
    public void Lines_over_the_cap_are_skipped_and_counted()
    {
        string tooLong = "Step: 2, Loss: 1 " + new string('x', LogScanner.MaxLineBytes);
        string longest = "Step: 3, Loss: 1 " + new string('y', LogScanner.MaxLineBytes - 17);
        string text = $"Step: 1, Loss: 2\n{tooLong}\r\n{longest}\r\nStep: 4, Loss: 1\n{tooLong}";
        foreach (var anchors in new[] { null, Anchors })
        {
            foreach (bool inMemory in new[] { false, true })
            {
                var sink = new Collect();
                using var scanner = new LogScanner(sink, anchors, bufferSize: 4096);
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                if (inMemory)
                {
                    scanner.Feed(bytes, final: true);
                }
                else
                {
                    scanner.Feed(new MemoryStream(bytes), final: true);
                }
                Assert.Equal([1L, 3L, 4L], sink.Lines.Select(l => l.Number));
                Assert.Equal(longest, sink.Lines[1].Text);
                Assert.Equal(2, scanner.SkippedLines);
                Assert.Equal(2, scanner.FirstSkippedLine);
                Assert.Equal(5, scanner.Lines);
            }
        }
    }
}
