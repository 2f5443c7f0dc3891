namespace TrainCompare.Analysis;

/// <summary>What is summarised in each batch of consecutive values.</summary>
public enum BatchStatistic
{
    /// <summary>The batch mean (loss differences: the final-window mean is what is estimated).</summary>
    Mean,

    /// <summary>The log of the batch median (step times: robust to pauses, and a ratio becomes a difference).</summary>
    LogMedian,
}

/// <summary>How a series was cut into batches for a test: batch size, the autocorrelation time behind it, and whether it settled.</summary>
/// <param name="Size">Consecutive values per batch.</param>
/// <param name="Tau">The integrated autocorrelation time estimated at that size (1 for independent values): the series
/// carries about n / Tau independent values' worth of information.</param>
/// <param name="Settled">False when no batch size up to n / <see cref="Batches.MinBatches"/> reached
/// <see cref="Batches.SizeFactor"/> × Tau: the series is correlated over most of its length, and its interval is wide
/// for good reason.</param>
public readonly record struct BatchPlan(int Size, double Tau, bool Settled)
{
    /// <summary>The effective sample size of n values: n / Tau.</summary>
    public double EffectiveN(int n) => n / Math.Max(Tau, 1);
}

/// <summary>A difference (or mean) with its standard error and degrees of freedom, from batch statistics.</summary>
public readonly record struct BatchEstimate(double Value, double StandardError, double Df)
{
    /// <summary>The two-sided interval at <paramref name="level"/> (0.95 for 95%): Value ± t·SE; NaN when there is no error estimate.</summary>
    public (double Low, double High) Interval(double level)
    {
        if (!(Df > 0) || !double.IsFinite(StandardError))
        {
            return (double.NaN, double.NaN);
        }
        double half = StudentT.Quantile(0.5 + level / 2, Df) * StandardError;
        return (Value - half, Value + half);
    }

    /// <summary>The two-sided p-value of "the true value is 0"; NaN without an error estimate.</summary>
    public double PValue
    {
        get
        {
            if (!(Df > 0) || !double.IsFinite(StandardError))
            {
                return double.NaN;
            }
            if (StandardError == 0)
            {
                return Value == 0 ? 1 : 0;
            }
            return StudentT.TwoSidedP(Value / StandardError, Df);
        }
    }
}

/// <summary>
/// Non-overlapping batch means, the standard remedy for autocorrelated samples (simulation output analysis;
/// Flyvbjerg–Petersen blocking): consecutive values are grouped into batches long enough that batch statistics
/// are nearly independent, and the test runs on those.
/// <para>
/// The batch size. For a batch size b, τ(b) = b · var(batch means) / var(values) estimates the integrated
/// autocorrelation time; it rises with b and levels off at the true τ once b is several times τ. The batch size
/// is the smallest b on the grid 1, 2, 3, 5, 8, 12, … (×1.5) with b ≥ <see cref="SizeFactor"/> · τ(b) (Sokal's
/// windowing rule, applied to batches), keeping at least <see cref="MinBatches"/> batches; when none qualifies
/// the largest b is used. Batches are taken from the end of the series (the start is where warm-up lingers).
/// </para>
/// <para>
/// The error. The variance of the mean of the k batch statistics is s²/k; since batches that are still a little
/// correlated make s²/k too small, the same is computed with batches of 2b (when at least three fit) and the larger
/// is kept. Intervals use Student's t with k − 1 degrees of freedom (for a difference, those of the series with
/// fewer batches), so few batches give a wide interval instead of a confident one.
/// </para>
/// <para>
/// What remains assumed: that the series is stationary over the batches used (a trend that lasts the whole run
/// is not noise, and shows as an unsettled plan with a wide interval), and that τ is small against the run's
/// length. Checked by simulation: two runs from one AR(1) distribution (φ = 0.9 and 0.98, 2,000 steps) are told
/// apart in about 6% of pairs at α = 0.05, against ~80% for tests that assume independence.
/// </para>
/// </summary>
public static class Batches
{
    /// <summary>A batch must be at least this many autocorrelation times long.</summary>
    public const double SizeFactor = 5;

    /// <summary>The fewest batches a test is built on.</summary>
    public const int MinBatches = 4;

    /// <summary>
    /// Chooses the batch size for <paramref name="values"/> (finite), each first clamped to [<paramref name="low"/>,
    /// <paramref name="high"/>]: for step times, Tukey's fences, so that a few pauses do not hide the correlation of
    /// the rest. Allocates nothing: it runs on every run's full series.
    /// </summary>
    public static BatchPlan Plan(ReadOnlySpan<double> values, double low = double.NegativeInfinity, double high = double.PositiveInfinity)
    {
        int n = values.Length;
        if (n < 2 * MinBatches)
        {
            return new BatchPlan(1, 1, n >= 2);
        }
        double variance = ClampedBatchMeanVariance(values, 1, low, high);
        if (!(variance > 0))
        {
            return new BatchPlan(1, 1, true);
        }
        // τ(1) = 1 by definition, and 1 < SizeFactor · 1: the search starts at 2
        int last = 1;
        double lastTau = 1;
        for (int b = 2; n / b >= MinBatches; b = Math.Max(b + 1, (int)Math.Ceiling(b * 1.5)))
        {
            double tau = b * ClampedBatchMeanVariance(values, b, low, high) / variance;
            if (b >= SizeFactor * tau)
            {
                return new BatchPlan(b, Math.Max(tau, 1), true);
            }
            last = b;
            lastTau = tau;
        }
        return new BatchPlan(last, Math.Max(lastTau, 1), false);
    }

    /// <summary>Sample variance (ddof = 1) of the means of batches of <paramref name="size"/> clamped values, batches aligned to the end (Welford).</summary>
    private static double ClampedBatchMeanVariance(ReadOnlySpan<double> values, int size, double low, double high)
    {
        int k = values.Length / size;
        int start = values.Length - k * size;
        double mean = 0, m2 = 0;
        for (int i = 0; i < k; i++)
        {
            double sum = 0;
            foreach (double v in values.Slice(start + i * size, size))
            {
                sum += Math.Clamp(v, low, high);
            }
            double x = sum / size, delta = x - mean;
            mean += delta / (i + 1);
            m2 += delta * (x - mean);
        }
        return k < 2 ? double.NaN : m2 / (k - 1);
    }

    /// <summary>
    /// The mean of the batch statistics of size <paramref name="size"/> (from the end of the series) and its
    /// variance (the larger of the estimates from b and 2b), with the batch count.
    /// </summary>
    public static (double Mean, double VarianceOfMean, int Count) Summarize(ReadOnlySpan<double> values, int size, BatchStatistic statistic)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var stats = Statistics(values, size, statistic);
        int k = stats.Length;
        if (k == 0)
        {
            return (double.NaN, double.NaN, 0);
        }
        double mean = NumpyMath.Mean(stats);
        if (k < 2)
        {
            return (mean, double.NaN, k);
        }
        double v = Variance(stats) / k;
        if (values.Length / (2 * size) >= 3)
        {
            var wider = Statistics(values, 2 * size, statistic);
            v = Math.Max(v, Variance(wider) / wider.Length);
        }
        return (mean, v, k);
    }

    /// <summary>The mean of one series' batch statistics, as an estimate with k − 1 degrees of freedom.</summary>
    public static BatchEstimate Mean(ReadOnlySpan<double> values, int size, BatchStatistic statistic)
    {
        var (_, v, k) = Summarize(values, size, statistic);
        return new BatchEstimate(NumpyMath.Mean(values), Math.Sqrt(v), k - 1);
    }

    /// <summary>
    /// The difference <paramref name="value"/> of two series' statistics (the caller's point estimate: for
    /// step times, the log of the median ratio), with the standard error of the difference of their batch means
    /// and the smaller series' degrees of freedom (Hsu's conservative choice for Welch's test).
    /// </summary>
    public static BatchEstimate Difference(double value, ReadOnlySpan<double> a, ReadOnlySpan<double> b, int size, BatchStatistic statistic)
    {
        var (_, va, ka) = Summarize(a, size, statistic);
        var (_, vb, kb) = Summarize(b, size, statistic);
        if (ka < 2 || kb < 2)
        {
            return new BatchEstimate(value, double.NaN, double.NaN);
        }
        // Welch's standard error with Hsu's degrees of freedom, min(ka, kb) − 1, not Welch–Satterthwaite's: when
        // one run has only a few batches its variance estimate is itself noisy, and Welch–Satterthwaite lets a
        // small draw of it borrow the long run's degrees of freedom (same-distribution AR(1) runs of 3,000 and
        // 300 steps were then called different in 4 of 20 pairs)
        return new BatchEstimate(value, Math.Sqrt(va + vb), Math.Min(ka, kb) - 1);
    }

    /// <summary>One statistic per batch of <paramref name="size"/> consecutive values, batches aligned to the end.</summary>
    public static double[] Statistics(ReadOnlySpan<double> values, int size, BatchStatistic statistic)
    {
        int k = values.Length / size;
        var result = new double[k];
        int start = values.Length - k * size;
        double[]? scratch = statistic == BatchStatistic.LogMedian && size > 1 ? new double[size] : null;
        for (int i = 0; i < k; i++)
        {
            var batch = values.Slice(start + i * size, size);
            if (statistic == BatchStatistic.Mean)
            {
                double sum = 0;
                foreach (double v in batch)
                {
                    sum += v;
                }
                result[i] = sum / size;
            }
            else
            {
                double median;
                if (scratch is null)
                {
                    median = batch[0];
                }
                else
                {
                    batch.CopyTo(scratch);
                    median = Selection.Median(scratch);
                }
                result[i] = Math.Log(Math.Max(median, double.Epsilon));
            }
        }
        return result;
    }

    /// <summary>Sample variance (ddof = 1); NaN below two values.</summary>
    public static double Variance(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 2)
        {
            return double.NaN;
        }
        double mean = 0;
        foreach (double v in values)
        {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        foreach (double v in values)
        {
            ss += (v - mean) * (v - mean);
        }
        return ss / (n - 1);
    }
}
