namespace TrainCompare.Runs;

/// <summary>One metric of one run: values keyed by the step the log printed, steps strictly increasing.</summary>
public sealed class Series
{
    private readonly long[] _steps;
    private readonly double[] _values;

    public Series(string metric, long[] steps, double[] values, int count)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(values);
        if (count > steps.Length || count > values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        Metric = metric;
        _steps = steps;
        _values = values;
        Count = count;
    }

    public static Series Empty(string metric) => new(metric, [], [], 0);

    public string Metric { get; }
    public int Count { get; }
    public ReadOnlySpan<long> Steps => _steps.AsSpan(0, Count);
    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>The points from index <paramref name="start"/> on.</summary>
    public Series Skip(int start)
    {
        start = Math.Clamp(start, 0, Count);
        return start == 0 ? this : new Series(Metric, _steps[start..Count], _values[start..Count], Count - start);
    }

    /// <summary>The points with step &lt;= <paramref name="maxStep"/>.</summary>
    public Series UpToStep(long maxStep)
    {
        int n = Steps.BinarySearch(maxStep);
        n = n >= 0 ? n + 1 : ~n;
        return n == Count ? this : new Series(Metric, _steps, _values, n);
    }
}
