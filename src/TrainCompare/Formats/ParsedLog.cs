namespace TrainCompare.Formats;

/// <summary>What a format parser extracted from one log: a column per metric, in log order.</summary>
public sealed class ParsedLog
{
    private readonly Dictionary<string, ObservationColumn> _columns = new(StringComparer.Ordinal);
    private readonly int _capacity;

    /// <param name="expectedObservations">
    /// How many observations a metric is expected to get (estimated from a sample of the file), so that
    /// columns are allocated once at about the right size instead of doubling.
    /// </param>
    public ParsedLog(int expectedObservations = 1024) => _capacity = Math.Max(16, expectedObservations);

    /// <summary>The most observations any metric has.</summary>
    public int MaxCount => _columns.Count == 0 ? 0 : _columns.Values.Max(c => c.Count);

    public IReadOnlyDictionary<string, ObservationColumn> Columns => _columns;

    /// <summary>Some loss or step time was read: what a run needs (without them a format's lines explain nothing to compare).</summary>
    public bool HasLossOrStepTime => (_columns.TryGetValue(Metrics.Loss, out var loss) && loss.Count > 0)
                                     || (_columns.TryGetValue(Metrics.StepTimeMs, out var time) && time.Count > 0);

    /// <summary>Observations of every metric together.</summary>
    public long Values => _columns.Values.Sum(c => (long)c.Count);

    /// <summary>Lines skipped because their step number does not fit in a 64-bit integer.</summary>
    public long StepsOutOfRange { get; private set; }

    /// <summary>The first of those lines; 0 when there is none.</summary>
    public long FirstStepOutOfRange { get; private set; }

    /// <summary>A parser found a line of its format whose step is too large to read: it is skipped, and the run line says so.</summary>
    public void StepOutOfRange(Reading.LineRef where)
    {
        if (StepsOutOfRange++ == 0)
        {
            FirstStepOutOfRange = where.Number;
        }
    }

    /// <summary>The column for <paramref name="metric"/>, made on first use. Parsers fetch it once, not per line.</summary>
    public ObservationColumn Column(string metric)
    {
        if (!_columns.TryGetValue(metric, out var column))
        {
            column = new ObservationColumn(metric, _capacity);
            _columns.Add(metric, column);
        }
        return column;
    }

    /// <summary>
    /// The column for a metric name a log printed: the built-in metric <paramref name="builtIn"/> maps it to, else
    /// the name itself (ASCII, as <see cref="LineFields.IsPlainName"/> checks).
    /// </summary>
    public ObservationColumn Column(ReadOnlySpan<byte> name, ReadOnlySpan<(byte[] Name, string Metric)> builtIn)
    {
        foreach (var (key, metric) in builtIn)
        {
            if (name.SequenceEqual(key))
            {
                return Column(metric);
            }
        }
        return Column(System.Text.Encoding.ASCII.GetString(name));
    }
}
