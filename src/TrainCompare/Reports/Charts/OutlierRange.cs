using TrainCompare.Runs;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// The y range a chart is drawn over when a few extreme values (checkpoint pauses of 30 s among 700 ms steps, a
/// throughput dip to nothing during one, a single loss spike) would flatten every other value into a line.
/// <para>
/// Each series keeps the values within Tukey's far fences, Q1 − 3·IQR to Q3 + 3·IQR (about ±4.7σ from the
/// median for normal noise, so noise alone is almost never cut), unless more than <see cref="MaxClippedShare"/> of
/// its values lie beyond a fence: then they are part of the data (a second regime, a ramp), not rare outliers,
/// and that side is not cut. Fences rather than p0.5–p99.5: a checkpoint every 100 steps is 1% of the values,
/// and p99.5 would land among the pauses. The chart's range is the union of what every series keeps, so a
/// slower run is never cut for being slower; the chart is clipped only when that range is less than half the
/// whole one, since otherwise showing everything costs little. Quartiles come from at most
/// <see cref="SampleSize"/> values per series (strata of equal size, one value at a fixed pseudo-random place in
/// each: deterministic, and blind to periodic patterns); the counts of values cut are exact.
/// </para>
/// </summary>
public static class OutlierRange
{
    public const double Fence = 3;
    public const double MaxClippedShare = 0.02;
    public const int SampleSize = 8192;

    /// <summary>The range to draw, and whether it cuts anything; null when no series has a drawable value.</summary>
    public static (double Low, double High, bool Clipped)? Of(IEnumerable<Series> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var s in series)
        {
            if (Kept(s) is not { } kept)
            {
                continue;
            }
            low = Math.Min(low, kept.Low);
            high = Math.Max(high, kept.High);
            min = Math.Min(min, kept.Min);
            max = Math.Max(max, kept.Max);
        }
        if (!double.IsFinite(min))
        {
            return null;
        }
        bool clip = (high - low) * 2 < max - min;
        return clip ? (low, high, true) : (min, max, false);
    }

    /// <summary>
    /// How many drawable values of <paramref name="series"/> lie below <paramref name="low"/> and above
    /// <paramref name="high"/>, and the smallest and largest (infinite when there is none).
    /// </summary>
    public static (int Below, int Above, double Min, double Max) Outside(Series series, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(series);
        int below = 0, above = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in series.Values)
        {
            if (MinMaxDecimator.Drawable(v))
            {
                below += v < low ? 1 : 0;
                above += v > high ? 1 : 0;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }
        return (below, above, min, max);
    }

    /// <summary>The range one series keeps, and its whole range; null without drawable values.</summary>
    private static (double Low, double High, double Min, double Max)? Kept(Series series)
    {
        var values = series.Values;
        var sample = Sample(values);
        if (sample.Length == 0)
        {
            return null;
        }
        Analysis.RadixSort.Sort(sample);
        double q1 = Analysis.Quantiles.PercentileOfSorted(sample, 25), q3 = Analysis.Quantiles.PercentileOfSorted(sample, 75);
        double iqr = q3 - q1;
        double lowFence = iqr > 0 ? q1 - Fence * iqr : double.NegativeInfinity;
        double highFence = iqr > 0 ? q3 + Fence * iqr : double.PositiveInfinity;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        double keptMin = double.PositiveInfinity, keptMax = double.NegativeInfinity;
        int n = 0, below = 0, above = 0;
        foreach (double v in values)
        {
            if (!MinMaxDecimator.Drawable(v))
            {
                continue;
            }
            n++;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            if (v < lowFence)
            {
                below++;
            }
            else if (v > highFence)
            {
                above++;
            }
            else
            {
                keptMin = Math.Min(keptMin, v);
                keptMax = Math.Max(keptMax, v);
            }
        }
        double low = below <= n * MaxClippedShare ? keptMin : min;
        double high = above <= n * MaxClippedShare ? keptMax : max;
        return (low, high, min, max);
    }

    /// <summary>The drawable values, or one from each of <see cref="SampleSize"/> equal strata when there are more.</summary>
    private static double[] Sample(ReadOnlySpan<double> values)
    {
        if (values.Length <= SampleSize)
        {
            var all = new double[values.Length];
            int n = 0;
            foreach (double v in values)
            {
                if (MinMaxDecimator.Drawable(v))
                {
                    all[n++] = v;
                }
            }
            return n == all.Length ? all : all[..n];
        }
        var sample = new double[SampleSize];
        int count = 0;
        ulong state = 0; // fixed seed: the same chart every time
        for (int i = 0; i < SampleSize; i++)
        {
            long start = (long)values.Length * i / SampleSize, end = (long)values.Length * (i + 1) / SampleSize;
            state += 0x9E3779B97F4A7C15UL;
            double v = values[(int)(start + (long)(SplitMix(state) % (ulong)(end - start)))];
            if (MinMaxDecimator.Drawable(v))
            {
                sample[count++] = v;
            }
        }
        return count == sample.Length ? sample : sample[..count];
    }

    /// <summary>SplitMix64's output function: a well-mixed hash of a counter.</summary>
    private static ulong SplitMix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
