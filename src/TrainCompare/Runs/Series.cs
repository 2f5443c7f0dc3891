namespace TrainCompare.Runs;

/// <summary>
/// One metric of one run: values keyed by the step the log printed, steps strictly increasing.
/// A view over arrays: taking a part (after warm-up, up to a step) copies nothing. Steps that go up by a
/// fixed stride are not stored, only computed (<see cref="StepAt"/>); code on long series uses
/// <see cref="StepAt"/> rather than <see cref="Steps"/>, which makes an array of them.
/// </summary>
public sealed class Series
{
    private readonly long[]? _steps; // null: step i is _first + i * _stride (i counted from the arrays' start)
    private readonly long _first;
    private readonly long _stride;
    private readonly double[] _values;
    private readonly int _offset;

    /// <summary>A series with the given steps (strictly increasing) and values.</summary>
    public Series(string metric, long[] steps, double[] values, int count) : this(metric, steps, 0, 0, values, 0, count)
    {
        ArgumentNullException.ThrowIfNull(steps);
    }

    /// <summary>A series whose steps are <paramref name="first"/> + i * <paramref name="stride"/>.</summary>
    public static Series Arithmetic(string metric, long first, long stride, double[] values, int count)
        => new(metric, null, first, stride, values, 0, count);

    private Series(string metric, long[]? steps, long first, long stride, double[] values, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (offset < 0 || count < 0 || offset + count > values.Length || (steps is not null && offset + count > steps.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }
        Metric = metric;
        _steps = steps;
        _first = first;
        _stride = stride;
        _values = values;
        _offset = offset;
        Count = count;
    }

    public static Series Empty(string metric) => new(metric, [], [], 0);

    public string Metric { get; }
    public int Count { get; }
    public ReadOnlySpan<double> Values => _values.AsSpan(_offset, Count);

    /// <summary>The values, as memory that can be kept (no copy).</summary>
    public ReadOnlyMemory<double> ValuesMemory => _values.AsMemory(_offset, Count);

    /// <summary>True when the steps go up by a fixed stride and are not stored.</summary>
    public bool HasImplicitSteps => _steps is null;

    public long StepAt(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
        return _steps is null ? _first + (long)(_offset + index) * _stride : _steps[_offset + index];
    }

    public long FirstStep => StepAt(0);
    public long LastStep => StepAt(Count - 1);

    /// <summary>The steps as an array (made on each call when they are implicit).</summary>
    public ReadOnlySpan<long> Steps
    {
        get
        {
            if (_steps is not null)
            {
                return _steps.AsSpan(_offset, Count);
            }
            var steps = new long[Count];
            for (int i = 0; i < steps.Length; i++)
            {
                steps[i] = _first + (long)(_offset + i) * _stride;
            }
            return steps;
        }
    }

    /// <summary>The same values at steps moved by <paramref name="delta"/> (for --align relative).</summary>
    /// <exception cref="OverflowException">A step moved out of the 64-bit range.</exception>
    public Series Shift(long delta)
    {
        if (delta == 0 || Count == 0)
        {
            return this;
        }
        if (_steps is null)
        {
            _ = checked(StepAt(0) + delta); // the ends stay in range, so all steps do
            _ = checked(StepAt(Count - 1) + delta);
            return new Series(Metric, null, _first + delta, _stride, _values, _offset, Count);
        }
        var steps = new long[Count];
        for (int i = 0; i < Count; i++)
        {
            steps[i] = checked(_steps[_offset + i] + delta);
        }
        return new Series(Metric, steps, _values[_offset..(_offset + Count)], Count);
    }

    /// <summary>The same steps with other values (same length).</summary>
    public Series WithValues(string metric, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != Count)
        {
            throw new ArgumentException("one value per point", nameof(values));
        }
        return _steps is null
            ? new Series(metric, null, _first + (long)_offset * _stride, _stride, values, 0, Count)
            : new Series(metric, _steps[_offset..(_offset + Count)], values, Count);
    }

    /// <summary>The points from index <paramref name="start"/> on.</summary>
    public Series Skip(int start)
    {
        start = Math.Clamp(start, 0, Count);
        return start == 0 ? this : new Series(Metric, _steps, _first, _stride, _values, _offset + start, Count - start);
    }

    /// <summary>The points with step &lt;= <paramref name="maxStep"/>.</summary>
    public Series UpToStep(long maxStep)
    {
        int n = CountUpTo(maxStep);
        return n == Count ? this : new Series(Metric, _steps, _first, _stride, _values, _offset, n);
    }

    /// <summary>How many points have step &lt;= <paramref name="step"/> (binary search).</summary>
    public int CountUpTo(long step)
    {
        int lo = 0, hi = Count; // answer in [lo, hi]
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (StepAt(mid) <= step)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
