namespace TrainCompare.Analysis;

/// <summary>Quantiles as numpy computes them by default (method "linear", Hyndman and Fan type 7).</summary>
public static class Quantiles
{
    /// <summary>np.percentile(values, percent) of values already sorted ascending; NaN when empty.</summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        // numpy: q = percent / 100; virtual index = (n - 1) * q; lerp between its neighbours
        double index = (sorted.Length - 1) * (percent / 100);
        double below = Math.Floor(index);
        double gamma = index - below;
        int lo = (int)below;
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return Lerp(sorted[lo], sorted[hi], gamma);
    }

    /// <summary>numpy's _lerp: from the nearer end, so that t = 1 gives b exactly.</summary>
    private static double Lerp(double a, double b, double t)
    {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
