namespace TrainCompare.Runs;

/// <summary>
/// One metric of one run: values keyed by the step the log printed, steps strictly increasing.
/// A view over arrays: taking a part (after warm-up, up to a step) copies nothing.
/// </summary>
public sealed class Series
{
    private readonly long[] _steps;
    private readonly double[] _values;
    private readonly int _offset;

    public Series(string metric, long[] steps, double[] values, int count) : this(metric, steps, values, 0, count) { }

    private Series(string metric, long[] steps, double[] values, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(values);
        if (offset < 0 || count < 0 || offset + count > steps.Length || offset + count > values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        Metric = metric;
        _steps = steps;
        _values = values;
        _offset = offset;
        Count = count;
    }

    public static Series Empty(string metric) => new(metric, [], [], 0);

    public string Metric { get; }
    public int Count { get; }
    public ReadOnlySpan<long> Steps => _steps.AsSpan(_offset, Count);
    public ReadOnlySpan<double> Values => _values.AsSpan(_offset, Count);

    /// <summary>The points from index <paramref name="start"/> on.</summary>
    public Series Skip(int start)
    {
        start = Math.Clamp(start, 0, Count);
        return start == 0 ? this : new Series(Metric, _steps, _values, _offset + start, Count - start);
    }

    /// <summary>The points with step &lt;= <paramref name="maxStep"/>.</summary>
    public Series UpToStep(long maxStep)
    {
        int n = Steps.BinarySearch(maxStep);
        n = n >= 0 ? n + 1 : ~n;
        return n == Count ? this : new Series(Metric, _steps, _values, _offset, n);
    }
}
