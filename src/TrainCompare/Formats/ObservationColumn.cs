namespace TrainCompare.Formats;

/// <summary>
/// The raw values of one metric in the order the log printed them: growable arrays of primitives
/// (16 bytes an observation). Notes where the step number fails to increase, with the line number,
/// so that the Runs stage can report restarts; what to do about them is decided there, not here.
/// </summary>
public sealed class ObservationColumn
{
    private long[] _steps;
    private double[] _values;
    private List<StepRegression>? _regressions;

    public ObservationColumn(string metric, int capacity = 1024)
    {
        Metric = metric;
        _steps = new long[capacity];
        _values = new double[capacity];
    }

    public string Metric { get; }
    public int Count { get; private set; }
    public ReadOnlySpan<long> Steps => _steps.AsSpan(0, Count);
    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    /// <summary>Places where a step was not greater than the one before it, in log order.</summary>
    public IReadOnlyList<StepRegression> Regressions => (IReadOnlyList<StepRegression>?)_regressions ?? [];

    public void Add(long step, double value, long lineNumber)
    {
        int n = Count;
        if (n > 0 && step <= _steps[n - 1])
        {
            (_regressions ??= []).Add(new StepRegression(n, lineNumber, step, _steps[n - 1]));
        }
        if (n == _steps.Length)
        {
            int size = checked(n + Math.Max(n / 2, 16)); // grow by half: the estimate was close, so stay lean
            Array.Resize(ref _steps, size);
            Array.Resize(ref _values, size);
        }
        _steps[n] = step;
        _values[n] = value;
        Count = n + 1;
    }

    /// <summary>Hands over the backing arrays (valid up to <see cref="Count"/>) without copying.</summary>
    internal (long[] Steps, double[] Values) Detach() => (_steps, _values);
}

/// <param name="Index">Index of the observation whose step did not increase.</param>
/// <param name="LineNumber">Line of the log where it was printed.</param>
/// <param name="Step">The step printed there.</param>
/// <param name="PreviousStep">The step printed just before it.</param>
public readonly record struct StepRegression(int Index, long LineNumber, long Step, long PreviousStep);
