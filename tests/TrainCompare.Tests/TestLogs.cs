using System.Text;
using TrainCompare.Formats;
using TrainCompare.Reading;
using TrainCompare.Runs;

namespace TrainCompare.Tests;

/// <summary>What a parse produced, with the counts tests look at.</summary>
internal sealed record ParseResult(ParsedLog Log, ILineParser Parser, long RecognizedLines, long Lines)
{
    public IReadOnlyDictionary<string, ObservationColumn> Columns => Log.Columns;

    /// <summary>The messages of what the parser found out (its findings).</summary>
    public List<string> Notes => Findings.Messages();

    public List<Finding> Findings
    {
        get
        {
            var notes = new List<Finding>();
            Parser.DescribeTo(notes);
            return notes;
        }
    }
}

internal static class FindingMessages
{
    /// <summary>The messages of <paramref name="findings"/>, for tests that compare the words.</summary>
    public static List<string> Messages(this IEnumerable<Finding> findings) => findings.Select(f => f.Message).ToList();
}

/// <summary>Helpers that push literal log text through the real reading and parsing code.</summary>
internal static class TestLogs
{
    /// <summary>
    /// Parses <paramref name="text"/> through the scanner, by default as tt-train with its anchors (the fast
    /// path); <paramref name="everyLine"/> hands every line to the parser instead.
    /// </summary>
    public static ParseResult Parse(string text, ILogFormat? format = null, int bufferSize = LogScanner.DefaultBufferSize,
        bool everyLine = false)
        => Parse(Encoding.UTF8.GetBytes(text), format, bufferSize, everyLine);

    public static ParseResult Parse(byte[] bytes, ILogFormat? format = null, int bufferSize = LogScanner.DefaultBufferSize,
        bool everyLine = false)
    {
        format ??= TtTrainFormat.Instance;
        var parsed = new ParsedLog();
        var parser = format.CreateParser(parsed);
        var sink = new Sink(parser);
        using var stream = new MemoryStream(bytes);
        using var scanner = new LogScanner(sink, everyLine ? null : format.Anchors, bufferSize);
        scanner.Feed(stream, final: true);
        return new ParseResult(parsed, parser, sink.Recognized, scanner.Lines);
    }

    /// <summary>A tt-train log (new form) of <paramref name="steps"/> steps from <paramref name="firstStep"/>, with step times when given.</summary>
    public static string Log(int steps, Func<int, double> loss, Func<int, double>? time = null, int firstStep = 1)
        => string.Concat(Enumerable.Range(firstStep, steps).Select(i =>
            time is null
                ? FormattableString.Invariant($"Step: {i}, Loss: {loss(i):R}\n")
                : FormattableString.Invariant($"Step: {i}, Loss: {loss(i):R}, Time: {time(i):R} ms\n")));

    public static Run Run(string text, string label = "run")
    {
        var result = Parse(text);
        return RunLoader.Build(new RunSpec(label, label + ".txt"), TtTrainFormat.Instance.Name, result.Log, result.Parser);
    }

    public static (long[] Steps, double[] Values) Column(ParseResult log, string metric)
        => log.Columns.TryGetValue(metric, out var c) ? (c.Steps.ToArray(), c.Values.ToArray()) : ([], []);

    /// <summary>Asserts the steps and values of one metric, element by element.</summary>
    public static void AssertColumn(ParseResult log, string metric, long[] steps, double[] values)
    {
        var (s, v) = Column(log, metric);
        Assert.Equal(steps, s);
        Assert.Equal(values, v);
    }

    private sealed class Sink(ILineParser parser) : ILineSink
    {
        public long Recognized { get; private set; }

        public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (parser.ParseLine(line, anchorAt, where))
            {
                Recognized++;
            }
        }
    }
}
