namespace TrainCompare.Formats;

/// <summary>What a format parser extracted from one log: a column per metric, in log order.</summary>
public sealed class ParsedLog
{
    private readonly Dictionary<string, ObservationColumn> _columns = new(StringComparer.Ordinal);

    /// <summary>Lines the format recognized (step lines, time lines).</summary>
    public long RecognizedLines { get; internal set; }

    /// <summary>Lines in the file.</summary>
    public long TotalLines { get; internal set; }

    /// <summary>Things the parser noticed that the user should hear about (for example orphan time lines).</summary>
    public List<string> Notes { get; } = [];

    public IReadOnlyDictionary<string, ObservationColumn> Columns => _columns;

    /// <summary>The column for <paramref name="metric"/>, made on first use. Parsers fetch it once, not per line.</summary>
    public ObservationColumn Column(string metric)
    {
        if (!_columns.TryGetValue(metric, out var column))
        {
            column = new ObservationColumn(metric);
            _columns.Add(metric, column);
        }
        return column;
    }
}
