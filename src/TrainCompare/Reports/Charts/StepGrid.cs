using TrainCompare.Runs;

namespace TrainCompare.Reports.Charts;

/// <summary>A series resampled onto a <see cref="StepGrid"/>.</summary>
/// <param name="HeldBefore">The run's first step, when the grid starts before it (its first value is held flat there); else null.</param>
/// <param name="HeldAfter">The run's last step, when the grid ends after it (its last value is held flat there); else null.</param>
public sealed record ResampledLine(double[] Values, long? HeldBefore, long? HeldAfter);

/// <summary>
/// One step grid shared by every line of a chart, for chart formats that take one list of values per line
/// (Mermaid's xychart): at most N evenly spaced whole steps over the steps all runs logged (the overlap of
/// their ranges; the union when they do not overlap), so that equal positions are equal steps. Each run's
/// value at a grid step is the mean of its finite values in that step's cell (the steps nearer to it than to
/// its neighbours), or, in a cell it logged nothing in, the straight line between its nearest values.
/// </summary>
public sealed class StepGrid
{
    private StepGrid(long[] steps, bool overlap)
    {
        Steps = steps;
        Overlap = overlap;
    }

    /// <summary>The grid's steps, ascending and distinct.</summary>
    public long[] Steps { get; }

    /// <summary>True when the grid is the overlap of the runs' ranges; false when they do not overlap (the union).</summary>
    public bool Overlap { get; }

    /// <summary>The grid for <paramref name="series"/>, or null when none has a finite value.</summary>
    public static StepGrid? Of(IEnumerable<Series> series, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var ranges = series.Select(FiniteRange).OfType<(long First, long Last)>().ToArray();
        if (ranges.Length == 0)
        {
            return null;
        }
        long lo = ranges.Max(r => r.First), hi = ranges.Min(r => r.Last);
        bool overlap = lo <= hi;
        if (!overlap)
        {
            lo = ranges.Min(r => r.First);
            hi = ranges.Max(r => r.Last);
        }
        // in 128-bit arithmetic throughout: steps may be anywhere in the 64-bit range, and so may their span
        Int128 span = (Int128)hi - lo;
        int n = (int)Int128.Min(maxPoints, span + 1);
        var steps = new long[n];
        for (int i = 0; i < n; i++)
        {
            // evenly spaced whole steps: lo + round(i * span / (n - 1))
            steps[i] = n == 1 ? lo : (long)(lo + (i * span * 2 + (n - 1)) / ((n - 1) * 2));
        }
        return new StepGrid(steps, overlap);
    }

    /// <summary>The values of <paramref name="series"/> at each grid step (see the class summary).</summary>
    public ResampledLine Resample(Series series)
    {
        ArgumentNullException.ThrowIfNull(series);
        int n = Steps.Length;
        var sums = new double[n];
        var counts = new int[n];
        var values = series.Values;
        int cell = 0;
        for (int j = Steps[0] == long.MinValue ? 0 : series.CountUpTo(Steps[0] - 1); j < series.Count; j++)
        {
            long step = series.StepAt(j);
            if (step > Steps[^1])
            {
                break;
            }
            // cell i holds the steps s with (Steps[i-1] + Steps[i]) / 2 < s <= (Steps[i] + Steps[i+1]) / 2, in doubled units
            while (cell + 1 < n && 2 * (Int128)step > (Int128)Steps[cell] + Steps[cell + 1])
            {
                cell++;
            }
            if (double.IsFinite(values[j]))
            {
                sums[cell] += values[j];
                counts[cell]++;
            }
        }
        var range = FiniteRange(series);
        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = counts[i] > 0 ? sums[i] / counts[i] : Interpolate(series, Steps[i]);
        }
        return new ResampledLine(result,
            range is { } r && r.First > Steps[0] ? r.First : null,
            range is { } q && q.Last < Steps[^1] ? q.Last : null);
    }

    /// <summary>The straight line between the finite values nearest to <paramref name="step"/> on each side; the nearest one past either end; NaN without any.</summary>
    private static double Interpolate(Series series, long step)
    {
        var values = series.Values;
        int before = series.CountUpTo(step) - 1;
        while (before >= 0 && !double.IsFinite(values[before]))
        {
            before--;
        }
        int after = before + 1;
        while (after < values.Length && (series.StepAt(after) < step || !double.IsFinite(values[after])))
        {
            after++;
        }
        if (before < 0 && after >= values.Length)
        {
            return double.NaN;
        }
        if (before < 0)
        {
            return values[after];
        }
        if (after >= values.Length)
        {
            return values[before];
        }
        long s0 = series.StepAt(before), s1 = series.StepAt(after);
        return s1 == s0 ? values[before] : values[before] + (values[after] - values[before]) * (double)((Int128)step - s0) / (double)((Int128)s1 - s0);
    }

    private static (long First, long Last)? FiniteRange(Series series)
    {
        var values = series.Values;
        int first = 0, last = values.Length - 1;
        while (first <= last && !double.IsFinite(values[first]))
        {
            first++;
        }
        while (last >= first && !double.IsFinite(values[last]))
        {
            last--;
        }
        return first > last ? null : (series.StepAt(first), series.StepAt(last));
    }
}
