using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// A log format: a name for the user and a factory for line parsers. A new format is one class
/// implementing this, added to <see cref="LogFormats.All"/>, plus its tests.
/// </summary>
public interface ILogFormat
{
    /// <summary>Short name shown in the run line and accepted by --format (for example "tt-train").</summary>
    string Name { get; }

    /// <summary>
    /// Literals of which one stands in every line this format uses, so the scanner can skip the other lines
    /// at memory speed; null when any line may matter (the parser then sees every line).
    /// </summary>
    LineAnchors? Anchors { get; }

    /// <summary>A parser writing into <paramref name="output"/>.</summary>
    ILineParser CreateParser(ParsedLog output);
}

/// <summary>
/// Parses a log line by line. One instance per file; it may keep state across lines. It is the scanner's
/// sink itself (<see cref="ILineSink.OnLine"/> parses), so each line costs one call.
/// </summary>
public interface ILineParser : ILineSink
{
    /// <summary>Looks at one line; returns true when the line carried something this format recognizes.</summary>
    /// <param name="anchorAt">Where the scanner found one of the format's anchors in the line, so the parser
    /// need not search again; -1 when the scanner hands every line (the parser then searches itself).</param>
    bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where);

    /// <summary>
    /// Adds what the parser noticed and the user should hear about (for example ignored lines) to
    /// <paramref name="notes"/>. May be called more than once, as a watched file grows; changes nothing.
    /// </summary>
    void DescribeTo(List<Finding> notes);
}

/// <summary>The usual shape of a parser: the scanner's call goes straight to <see cref="ParseLine"/>; no notes unless overridden.</summary>
public abstract class LineParser : ILineParser
{
    public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where) => ParseLine(line, anchorAt, where);

    public abstract bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where);

    public virtual void DescribeTo(List<Finding> notes)
    {
    }
}
