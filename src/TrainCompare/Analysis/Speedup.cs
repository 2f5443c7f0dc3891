namespace TrainCompare.Analysis;

/// <summary>How a compare run's step time stands against the baseline's.</summary>
public enum Verdict
{
    /// <summary>No difference shown at the chosen significance level (benchstat prints "~").</summary>
    Same,
    Faster,
    Slower,
}

/// <summary>
/// Speedup of a run against the baseline (above 1 is faster): the classic ratio of means, the ratio of
/// medians with a 95% confidence interval, and the two-sided Mann–Whitney p-value that decides the verdict.
/// <para>
/// The interval. With at most <see cref="BootstrapLimit"/> samples in each run: a percentile bootstrap of the
/// median ratio, 10,000 resamples from a fixed seed, so output is reproducible. Above that, where a bootstrap
/// would cost seconds: each median's standard error from the distribution-free order-statistic interval
/// (ranks n/2 ± 1.96·√n/2, the Price–Bonett approach), combined on the log scale by the delta method
/// (log of a ratio = difference of logs, variances add). Both are asymptotically correct for independent
/// samples; the second is the more accurate the larger the samples, which is where it is used.
/// </para>
/// <para>
/// What both assume: independent samples from a stable distribution. Warm-up that outlasts --warmup-steps,
/// drift (thermal throttling, a filling cache) and periodic pauses (evaluation, checkpoints) make neighbouring
/// steps correlated; the interval is then too narrow and the p-value too small. Look at step_time.png.
/// </para>
/// </summary>
public sealed record Speedup(double MeanRatio, double MedianRatio, double CiLow, double CiHigh, double PValue, Verdict Verdict,
    string CiMethod)
{
    /// <summary>Largest sample bootstrapped: 10,000 resamples of 2 × 100 values take ~40 ms here.</summary>
    public const int BootstrapLimit = 100;
    public const int Resamples = 10_000;
    public const int Seed = 20261124;
    private const double Z975 = 1.959963984540054;

    /// <summary>Compares the finite step times of a run with the baseline's.</summary>
    public static Speedup? Of(ReadOnlySpan<double> baseline, ReadOnlySpan<double> run, double alpha)
    {
        var b = Distribution.FiniteValues(baseline);
        var r = Distribution.FiniteValues(run);
        var bs = (double[])b.Clone();
        var rs = (double[])r.Clone();
        RadixSort.Sort(bs);
        RadixSort.Sort(rs);
        return OfSorted(b, bs, r, rs, alpha);
    }

    /// <summary>As <see cref="Of"/>, for finite values given in their order and sorted (each run sorted once).</summary>
    public static Speedup? OfSorted(ReadOnlySpan<double> b, double[] bs, ReadOnlySpan<double> r, double[] rs, double alpha)
    {
        ArgumentNullException.ThrowIfNull(bs);
        ArgumentNullException.ThrowIfNull(rs);
        if (b.Length == 0 || r.Length == 0)
        {
            return null;
        }
        double meanRatio = NumpyMath.Mean(b) / NumpyMath.Mean(r);
        var mw = MannWhitney.TwoSidedSorted(bs, rs);
        double medianRatio = Quantiles.PercentileOfSorted(bs, 50) / Quantiles.PercentileOfSorted(rs, 50);
        var (low, high, method) = b.Length <= BootstrapLimit && r.Length <= BootstrapLimit
            ? Bootstrap(b.ToArray(), r.ToArray())
            : OrderStatistic(bs, rs, medianRatio);
        var verdict = mw.PValue < alpha ? (medianRatio >= 1 ? Verdict.Faster : Verdict.Slower) : Verdict.Same;
        return new Speedup(meanRatio, medianRatio, low, high, mw.PValue, verdict, method);
    }

    private static (double, double, string) Bootstrap(double[] b, double[] r)
    {
        var rng = new SplitMix64(Seed);
        var ratios = new double[Resamples];
        var bb = new double[b.Length];
        var rr = new double[r.Length];
        for (int k = 0; k < Resamples; k++)
        {
            for (int i = 0; i < bb.Length; i++)
            {
                bb[i] = b[rng.Below(b.Length)];
            }
            for (int i = 0; i < rr.Length; i++)
            {
                rr[i] = r[rng.Below(r.Length)];
            }
            ratios[k] = Selection.Median(bb) / Selection.Median(rr);
        }
        Array.Sort(ratios);
        return (Quantiles.PercentileOfSorted(ratios, 2.5), Quantiles.PercentileOfSorted(ratios, 97.5),
            $"percentile bootstrap, {Resamples} resamples");
    }

    private static (double, double, string) OrderStatistic(double[] sortedB, double[] sortedR, double ratio)
    {
        double relB = MedianStandardError(sortedB) / Quantiles.PercentileOfSorted(sortedB, 50);
        double relR = MedianStandardError(sortedR) / Quantiles.PercentileOfSorted(sortedR, 50);
        double se = Math.Sqrt(relB * relB + relR * relR);
        return (ratio * Math.Exp(-Z975 * se), ratio * Math.Exp(Z975 * se), "order statistics, delta method");
    }

    /// <summary>Standard error of the median from the distribution-free 95% interval of ranks n/2 ± 1.96·√n/2.</summary>
    private static double MedianStandardError(double[] sorted)
    {
        int n = sorted.Length;
        int lo = Math.Max(0, (int)Math.Floor(n / 2.0 - Z975 * Math.Sqrt(n) / 2));
        int hi = Math.Min(n - 1, (int)Math.Ceiling(n / 2.0 + Z975 * Math.Sqrt(n) / 2) - 1);
        return (sorted[hi] - sorted[lo]) / (2 * Z975);
    }

    /// <summary>SplitMix64: a small, fast generator whose sequence is fixed by its seed on every platform.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        /// <summary>A uniform integer in [0, n) (Lemire's multiply-shift; its bias is below 2^-32 here).</summary>
        public int Below(int n)
        {
            _state += 0x9E3779B97F4A7C15UL;
            ulong z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(((z >> 32) * (ulong)n) >> 32);
        }
    }

}
