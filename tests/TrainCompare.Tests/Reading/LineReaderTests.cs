using System.Text;
using TrainCompare.Reading;

namespace TrainCompare.Tests.Reading;

public class LineReaderTests
{
    private sealed class Collect : ILineSink
    {
        public List<(string Text, long Number)> Lines { get; } = [];
        public void OnLine(ReadOnlySpan<byte> line, long lineNumber) => Lines.Add((Encoding.UTF8.GetString(line), lineNumber));
    }

    private static List<(string, long)> Read(string text, int bufferSize = LineReader.DefaultBufferSize)
    {
        var sink = new Collect();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        long count = LineReader.ReadLines(stream, sink, bufferSize);
        Assert.Equal(sink.Lines.Count, count);
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
        // ArrayPool rounds 16 up to a small power of two; every line here is far longer than that.
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
}
