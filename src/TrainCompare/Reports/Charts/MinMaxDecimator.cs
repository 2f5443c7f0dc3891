namespace TrainCompare.Reports.Charts;

/// <summary>
/// Reduces a long series to what a chart can show without losing a spike: the x range is cut into columns
/// (more than the chart has pixels) and each column keeps its first, lowest, highest and last point, in
/// their original order. Non-finite values are left out (they cannot be drawn; the summary reports them).
/// Series short enough to draw whole are only filtered.
/// </summary>
public static class MinMaxDecimator
{
    /// <summary>Columns across the x range: above the plot area's ~2800 pixels at 3000 px wide.</summary>
    public const int DefaultColumns = 4096;

    public static ChartLine Decimate(string label, ReadOnlySpan<long> steps, ReadOnlySpan<double> values,
        double xMin, double xMax, int columns = DefaultColumns)
    {
        if (steps.Length <= 4 * columns || xMax <= xMin)
        {
            return Finite(label, steps, values);
        }
        var xs = new List<double>(4 * columns);
        var ys = new List<double>(4 * columns);
        double scale = (columns - 1) / (xMax - xMin);
        int bucket = -1, first = -1, last = -1, lo = -1, hi = -1;
        for (int i = 0; i < steps.Length; i++)
        {
            double y = values[i];
            if (!double.IsFinite(y))
            {
                continue;
            }
            int b = (int)((steps[i] - xMin) * scale);
            if (b != bucket)
            {
                Emit(xs, ys, steps, values, first, lo, hi, last);
                bucket = b;
                first = lo = hi = i;
            }
            else if (y < values[lo])
            {
                lo = i;
            }
            else if (y > values[hi])
            {
                hi = i;
            }
            last = i;
        }
        Emit(xs, ys, steps, values, first, lo, hi, last);
        return new ChartLine(label, [.. xs], [.. ys]);
    }

    private static void Emit(List<double> xs, List<double> ys, ReadOnlySpan<long> steps, ReadOnlySpan<double> values,
        int first, int lo, int hi, int last)
    {
        if (first < 0)
        {
            return;
        }
        Span<int> idx = [first, lo, hi, last];
        idx.Sort();
        int previous = -1;
        foreach (int i in idx)
        {
            if (i != previous)
            {
                xs.Add(steps[i]);
                ys.Add(values[i]);
                previous = i;
            }
        }
    }

    private static ChartLine Finite(string label, ReadOnlySpan<long> steps, ReadOnlySpan<double> values)
    {
        var xs = new double[steps.Length];
        var ys = new double[steps.Length];
        int n = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            if (double.IsFinite(values[i]))
            {
                xs[n] = steps[i];
                ys[n] = values[i];
                n++;
            }
        }
        return n == xs.Length ? new ChartLine(label, xs, ys) : new ChartLine(label, xs[..n], ys[..n]);
    }
}
