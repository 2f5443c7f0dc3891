using System.Text;
using TrainCompare.Formats;
using TrainCompare.Reading;
using TrainCompare.Runs;

namespace TrainCompare.Tests;

/// <summary>Helpers that push literal log text through the real reading and parsing code.</summary>
internal static class TestLogs
{
    /// <summary>Parses <paramref name="text"/> as tt-train through the line reader.</summary>
    public static ParsedLog Parse(string text, ILogFormat? format = null, int bufferSize = LineReader.DefaultBufferSize)
    {
        format ??= TtTrainFormat.Instance;
        var parsed = new ParsedLog();
        var parser = format.CreateParser(parsed);
        var sink = new Sink(parser);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        parsed.TotalLines = LineReader.ReadLines(stream, sink, bufferSize);
        parsed.RecognizedLines = sink.Recognized;
        parser.Complete();
        return parsed;
    }

    public static Run Run(string text, string label = "run")
        => RunLoader.Build(new RunSpec(label, label + ".txt"), TtTrainFormat.Instance.Name, Parse(text));

    public static (long[] Steps, double[] Values) Column(ParsedLog log, string metric)
        => log.Columns.TryGetValue(metric, out var c) ? (c.Steps.ToArray(), c.Values.ToArray()) : ([], []);

    /// <summary>Asserts the steps and values of one metric, element by element.</summary>
    public static void AssertColumn(ParsedLog log, string metric, long[] steps, double[] values)
    {
        var (s, v) = Column(log, metric);
        Assert.Equal(steps, s);
        Assert.Equal(values, v);
    }

    private sealed class Sink(ILineParser parser) : ILineSink
    {
        public long Recognized { get; private set; }

        public void OnLine(ReadOnlySpan<byte> line, long lineNumber)
        {
            if (parser.ParseLine(line, lineNumber))
            {
                Recognized++;
            }
        }
    }
}
