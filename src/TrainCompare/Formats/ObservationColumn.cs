using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// The raw values of one metric in the order the log printed them, in growable arrays of primitives.
/// Steps that go up by a fixed stride (1, 2, 3, ... or 10, 20, 30, ...), as nearly every trainer prints
/// them, are not stored at all, only their first value and stride: 8 bytes an observation instead of 16.
/// The first step off the progression turns them into a real array.
/// Notes where the step number fails to increase, with the line number, so that the Runs stage can
/// report restarts; what to do about them is decided there, not here. A step printed again right after
/// itself replaces the value before (the later value wins) instead of taking a slot of its own, so a log
/// that repeats one step line costs no more memory than one that prints it once.
/// </summary>
public sealed class ObservationColumn
{
    private long[]? _steps; // null while the steps are first + i * stride
    private long _first;
    private long _stride;
    private long _next = long.MinValue; // the step that keeps the progression going (once the stride is known)
    private double[] _values;
    private List<StepRegression>? _regressions; // the first RegressionsKept of them
    private bool _decreases;

    /// <summary>Regressions kept with their line numbers; the rest are only counted (<see cref="RegressionCount"/>).</summary>
    public const int RegressionsKept = 16;

    public ObservationColumn(string metric, int capacity = 1024)
    {
        Metric = metric;
        _values = new double[Math.Max(capacity, 4)];
    }

    public string Metric { get; }
    public int Count { get; private set; }

    /// <summary>True while the steps are an arithmetic progression (<see cref="FirstStep"/>, <see cref="Stride"/>).</summary>
    public bool HasImplicitSteps => _steps is null;

    public long FirstStep => _first;
    public long Stride => _stride;

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>The steps, made into an array if they were implicit (for tests and small logs).</summary>
    public ReadOnlySpan<long> Steps
    {
        get
        {
            if (_steps is not null)
            {
                return _steps.AsSpan(0, Count);
            }
            var steps = new long[Count];
            for (int i = 0; i < steps.Length; i++)
            {
                steps[i] = _first + i * _stride;
            }
            return steps;
        }
    }

    public long StepAt(int index) => _steps is null ? _first + index * _stride : _steps[index];

    /// <summary>The first <see cref="RegressionsKept"/> places where a step was not greater than the one before it, in log order.</summary>
    public IReadOnlyList<StepRegression> Regressions => (IReadOnlyList<StepRegression>?)_regressions ?? [];

    /// <summary>How many places a step was not greater than the one before it.</summary>
    public long RegressionCount { get; private set; }

    /// <summary>True when the steps are strictly increasing as stored (a step repeated right after itself is stored once).</summary>
    public bool IsStrictlyIncreasing => !_decreases;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(long step, double value, LineRef where)
    {
        int n = Count;
        double[] values = _values;
        if (step == _next && (uint)n < (uint)values.Length)
        {
            // the common case, inlined into the parser: the next step of the progression
            values[n] = value;
            _next += _stride;
            Count = n + 1;
            return;
        }
        AddSlowly(step, value, where);
    }

    /// <summary>
    /// Adds the value unless the last one stored is for the same step (then the first value wins, and no repeat is
    /// noted): for progress bars, which redraw one step several times.
    /// </summary>
    public bool AddFirst(long step, double value, LineRef where)
    {
        if (Count > 0 && StepAt(Count - 1) == step)
        {
            return false;
        }
        Add(step, value, where);
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void AddSlowly(long step, double value, LineRef where)
    {
        int n = Count;
        if (n > 0 && step == StepAt(n - 1))
        {
            // printed again right after itself: the later value takes the earlier one's place
            NoteRegression(new StepRegression(n - 1, where.Number, step, step));
            _values[n - 1] = value;
            return;
        }
        if (n == _values.Length)
        {
            int size = checked(n + Math.Max(n / 2, 16)); // grow by half: the estimate was close, so stay lean
            Array.Resize(ref _values, size);
            if (_steps is not null)
            {
                Array.Resize(ref _steps, size);
            }
        }
        if (n == 0)
        {
            _first = step;
        }
        else
        {
            long previous = StepAt(n - 1);
            if (step < previous)
            {
                NoteRegression(new StepRegression(n, where.Number, step, previous));
                _decreases = true;
            }
            if (_steps is null)
            {
                if (n == 1 && step > _first)
                {
                    _stride = step - _first;
                    _next = step + _stride;
                }
                else if (n == 1 || step != _first + n * _stride)
                {
                    Materialize();
                }
            }
        }
        if (_steps is not null)
        {
            _steps[n] = step;
        }
        _values[n] = value;
        Count = n + 1;
    }

    private void NoteRegression(StepRegression regression)
    {
        if (RegressionCount++ < RegressionsKept)
        {
            (_regressions ??= []).Add(regression);
        }
    }

    private void Materialize()
    {
        _next = long.MinValue;
        var steps = new long[_values.Length];
        for (int i = 0; i < Count; i++)
        {
            steps[i] = _first + i * _stride;
        }
        _steps = steps;
    }

    /// <summary>Hands over the backing storage (valid up to <see cref="Count"/>) without copying.</summary>
    internal (long[]? Steps, long First, long Stride, double[] Values) Detach() => (_steps, _first, _stride, _values);
}

/// <param name="Index">Index of the observation whose step did not increase.</param>
/// <param name="LineNumber">Line of the log where it was printed.</param>
/// <param name="Step">The step printed there.</param>
/// <param name="PreviousStep">The step printed just before it.</param>
public readonly record struct StepRegression(int Index, long LineNumber, long Step, long PreviousStep);
