namespace TrainCompare.Analysis;

/// <summary>
/// What a sample of step times looks like: size, mean and population std (numpy's), median, extremes,
/// 5th and 95th percentiles (numpy's linear method), and how many samples fall outside Tukey's fences
/// (more than 1.5 interquartile ranges beyond the quartiles): periodic pauses, stragglers.
/// </summary>
public sealed record Distribution(int N, double Mean, double Std, double Median, double Min, double P5, double P95, double Max,
    int Outliers)
{
    /// <summary>Describes the finite values of <paramref name="values"/>; null when there are none.</summary>
    public static Distribution? Of(ReadOnlySpan<double> values)
    {
        var inOrder = FiniteValues(values);
        var sorted = (double[])inOrder.Clone();
        RadixSort.Sort(sorted);
        return OfSorted(inOrder, sorted);
    }

    /// <summary>The finite values, in their order.</summary>
    public static double[] FiniteValues(ReadOnlySpan<double> values)
    {
        var finite = new double[values.Length];
        int n = 0;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                finite[n++] = v;
            }
        }
        return n == finite.Length ? finite : finite[..n];
    }

    /// <summary>
    /// Describes finite values given both in their order (numpy's mean and std sum in that order) and
    /// sorted (for the percentiles); null when there are none.
    /// </summary>
    public static Distribution? OfSorted(ReadOnlySpan<double> inOrder, double[] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return null;
        }
        ReadOnlySpan<double> s = sorted;
        double q1 = Quantiles.PercentileOfSorted(s, 25), q3 = Quantiles.PercentileOfSorted(s, 75);
        double low = q1 - 1.5 * (q3 - q1), high = q3 + 1.5 * (q3 - q1);
        int outliers = 0;
        foreach (double v in s)
        {
            if (v < low || v > high)
            {
                outliers++;
            }
        }
        return new Distribution(s.Length, NumpyMath.Mean(inOrder), NumpyMath.PopulationStd(inOrder), Quantiles.PercentileOfSorted(s, 50),
            s[0], Quantiles.PercentileOfSorted(s, 5), Quantiles.PercentileOfSorted(s, 95), s[^1], outliers);
    }
}
