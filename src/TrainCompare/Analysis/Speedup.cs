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
/// medians with a 95% confidence interval, and a two-sided p-value that decides the verdict.
/// <para>
/// The interval and the test: batch medians (<see cref="Batches"/>). Each run's step times are cut into
/// batches of consecutive steps, long enough against their autocorrelation time (the larger of the two runs'
/// batch sizes, so that both sides are summarised alike); the log of each batch's median is one observation.
/// The standard error of the log median ratio is that of the difference of the two runs' mean log batch
/// medians (Welch), with the degrees of freedom of the run with fewer batches (Hsu: a short run's few batches
/// cannot borrow confidence from a long one), and the interval is the median ratio × exp(± t · se). Medians make pauses (every Nth step a checkpoint or an eval) count for no more than any
/// other slow step; logs make the ratio a difference.
/// </para>
/// <para>
/// What it assumes: that step times are stationary over the batches used (after warm-up) and that the two
/// runs are independent of each other. Drift and correlated neighbours are what the batches absorb: the
/// stronger the correlation, the fewer the batches and the wider the interval. A trend that lasts the whole
/// run (throttling that never settles) leaves few batches and an interval to match: look at step_time.png.
/// The verdict says whether the typical step got faster, not by how much: read the interval for that.
/// </para>
/// </summary>
/// <param name="BatchSize">Consecutive steps per batch.</param>
/// <param name="BaselineBatches">Batches of the baseline's step times (from its end).</param>
/// <param name="RunBatches">Batches of this run's step times.</param>
/// <param name="Df">Degrees of freedom of the t interval: the smaller run's batches − 1 (NaN when there are too few batches for one).</param>
public sealed record Speedup(double MeanRatio, double MedianRatio, double CiLow, double CiHigh, double PValue, Verdict Verdict,
    int BatchSize, int BaselineBatches, int RunBatches, double Df)
{
    /// <summary>How the interval was computed, for the reports.</summary>
    public string CiMethod => $"batch medians: {BaselineBatches} and {RunBatches} batches of {BatchSize} steps, Welch t with Hsu's df";

    /// <summary>True when there were enough batches for an interval.</summary>
    public bool HasInterval => double.IsFinite(CiLow) && double.IsFinite(CiHigh);

    /// <summary>Compares the finite step times of a run with the baseline's.</summary>
    public static Speedup? Of(ReadOnlySpan<double> baseline, ReadOnlySpan<double> run, double alpha)
    {
        var b = Distribution.FiniteValues(baseline);
        var r = Distribution.FiniteValues(run);
        var bs = (double[])b.Clone();
        var rs = (double[])r.Clone();
        RadixSort.Sort(bs);
        RadixSort.Sort(rs);
        return OfSorted(b, bs, PlanFor(b, bs), r, rs, PlanFor(r, rs), alpha);
    }

    /// <summary>
    /// The batch plan of one run's step times (finite, in order and sorted): chosen on the values clamped to
    /// Tukey's fences, so that a few pauses do not hide how correlated the other steps are.
    /// </summary>
    public static BatchPlan PlanFor(ReadOnlySpan<double> inOrder, double[] sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Length == 0)
        {
            return new BatchPlan(1, 1, false);
        }
        double q1 = Quantiles.PercentileOfSorted(sorted, 25), q3 = Quantiles.PercentileOfSorted(sorted, 75);
        return Batches.Plan(inOrder, q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1));
    }

    /// <summary>As <see cref="Of"/>, for finite values given in their order and sorted, with each run's batch plan (computed once per run).</summary>
    public static Speedup? OfSorted(ReadOnlySpan<double> b, double[] bs, BatchPlan baselinePlan, ReadOnlySpan<double> r, double[] rs,
        BatchPlan runPlan, double alpha)
    {
        ArgumentNullException.ThrowIfNull(bs);
        ArgumentNullException.ThrowIfNull(rs);
        if (b.Length == 0 || r.Length == 0)
        {
            return null;
        }
        double meanRatio = NumpyMath.Mean(b) / NumpyMath.Mean(r);
        double medianRatio = Quantiles.PercentileOfSorted(bs, 50) / Quantiles.PercentileOfSorted(rs, 50);
        int size = Math.Max(baselinePlan.Size, runPlan.Size);
        var estimate = Batches.Difference(Math.Log(medianRatio), b, r, size, BatchStatistic.LogMedian);
        var (low, high) = estimate.Interval(0.95);
        double p = estimate.PValue;
        var verdict = p < alpha ? (medianRatio >= 1 ? Verdict.Faster : Verdict.Slower) : Verdict.Same;
        return new Speedup(meanRatio, medianRatio, Math.Exp(low), Math.Exp(high), double.IsNaN(p) ? 1 : p, verdict,
            size, b.Length / size, r.Length / size, estimate.Df);
    }
}
