using TrainCompare.Runs;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// Reduces a long series to what a chart can show without losing a spike: the x range is cut into one
/// column per pixel of the plot area and each column keeps its lowest and highest point, in their original
/// order, so every spike is still drawn at its full height. This also keeps drawing fast: a noisy series of
/// a million steps becomes a few thousand segments instead of a zigzag Skia would stroke for a second.
/// Values that cannot be drawn are left out: non-finite ones (the summary reports them) and those beyond
/// ±<see cref="MaxDrawable"/>, whose axis range would overflow (the chart says how many). Series short
/// enough to draw whole are only filtered.
/// </summary>
public static class MinMaxDecimator
{
    /// <summary>
    /// The largest magnitude drawn: an axis over ±double.MaxValue, with its margins, is infinite. A loss this
    /// large has overflowed anyway.
    /// </summary>
    public const double MaxDrawable = 1e300;

    /// <summary>Finite, and small enough that an axis over it and its margins stays finite.</summary>
    public static bool Drawable(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxDrawable;

    /// <summary>Columns across the x range: about the plot area's width in pixels at 3000 px wide.</summary>
    public const int DefaultColumns = 2800;

    public static ChartLine Decimate(string label, Series series, double xMin, double xMax, int columns = DefaultColumns)
    {
        ArgumentNullException.ThrowIfNull(series);
        var values = series.Values;
        if (series.Count <= 2 * columns || xMax <= xMin)
        {
            return Finite(label, series, values);
        }
        var xs = new List<double>(2 * columns + 2);
        var ys = new List<double>(2 * columns + 2);
        double scale = (columns - 1) / (xMax - xMin);
        int bucket = -1, lo = -1, hi = -1;
        for (int i = 0; i < values.Length; i++)
        {
            double y = values[i];
            if (!Drawable(y))
            {
                continue;
            }
            int b = (int)((series.StepAt(i) - xMin) * scale);
            if (b != bucket)
            {
                Emit(xs, ys, series, values, lo, hi);
                bucket = b;
                lo = hi = i;
            }
            else if (y < values[lo])
            {
                lo = i;
            }
            else if (y > values[hi])
            {
                hi = i;
            }
        }
        Emit(xs, ys, series, values, lo, hi);
        return new ChartLine(label, [.. xs], [.. ys]);
    }

    /// <summary>
    /// A band (a group's min to max) at most one point per column: the lowest low and the highest high of the
    /// column, at its first step, so the band never looks narrower than the data.
    /// </summary>
    public static ChartBand DecimateBand(Series low, Series high, double xMin, double xMax, int columns = DefaultColumns)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        var xs = new List<double>();
        var lo = new List<double>();
        var hi = new List<double>();
        var l = low.Values;
        var h = high.Values;
        bool decimate = low.Count > 2 * columns && xMax > xMin;
        double scale = decimate ? (columns - 1) / (xMax - xMin) : 0;
        int bucket = -1;
        for (int i = 0; i < l.Length; i++)
        {
            if (!Drawable(l[i]) || !Drawable(h[i]))
            {
                continue;
            }
            int b = decimate ? (int)((low.StepAt(i) - xMin) * scale) : i;
            if (b != bucket)
            {
                xs.Add(low.StepAt(i));
                lo.Add(l[i]);
                hi.Add(h[i]);
                bucket = b;
            }
            else
            {
                lo[^1] = Math.Min(lo[^1], l[i]);
                hi[^1] = Math.Max(hi[^1], h[i]);
            }
        }
        return new ChartBand([.. xs], [.. lo], [.. hi]);
    }

    private static void Emit(List<double> xs, List<double> ys, Series series, ReadOnlySpan<double> values, int lo, int hi)
    {
        if (lo < 0)
        {
            return;
        }
        int a = Math.Min(lo, hi), b = Math.Max(lo, hi);
        xs.Add(series.StepAt(a));
        ys.Add(values[a]);
        if (b != a)
        {
            xs.Add(series.StepAt(b));
            ys.Add(values[b]);
        }
    }

    private static ChartLine Finite(string label, Series series, ReadOnlySpan<double> values)
    {
        var xs = new double[values.Length];
        var ys = new double[values.Length];
        int n = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (Drawable(values[i]))
            {
                xs[n] = series.StepAt(i);
                ys[n] = values[i];
                n++;
            }
        }
        return n == xs.Length ? new ChartLine(label, xs, ys) : new ChartLine(label, xs[..n], ys[..n]);
    }
}
