using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>
/// When a run's loss leaves the baseline's: the first step at which the smoothed loss difference
/// (<see cref="Smoothing.Ema"/> with the --smooth weight) exceeds the tolerance in absolute value.
/// <para>
/// The default tolerance comes from the noise of the difference itself, not of either loss: two runs that see
/// the same data share the loss curve and most of its step-to-step swings, so the difference is far quieter
/// than either loss. Its step-to-step changes have a median absolute deviation that (× 1.4826, ÷ √2) estimates
/// the standard deviation of its noise, robust to a trend, to a step where a regression starts, and to spikes;
/// smoothing with weight w shrinks that by √((1 − w)/(1 + w)); and the threshold is that many standard
/// deviations that noise alone would cross it, over n common steps, with probability about 1% (z from
/// 1 − 0.005/n, two-sided). It is never below the smallest non-zero step-to-step change of the difference (the
/// resolution of printed losses), so a log that rounds to four decimals does not diverge on one rounding step.
/// </para>
/// <para>
/// It assumes the noise of the difference is about the same size throughout (a difference much noisier early,
/// at high loss, can cross early) and independent from step to step; a slowly wandering difference is a real
/// departure to this rule.
/// </para>
/// </summary>
public static class Divergence
{
    public sealed record Result(long? Step, double Tolerance, bool ToleranceFromData);

    public static Result Find(Series difference, double smoothing, double? tolerance)
    {
        ArgumentNullException.ThrowIfNull(difference);
        double limit = tolerance ?? DefaultTolerance(difference, smoothing);
        // the same EMA as Smoothing.Ema, streamed: only the first crossing is wanted
        var values = difference.Values;
        double last = 0;
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                continue;
            }
            count++;
            last = last * smoothing + (1 - smoothing) * values[i];
            double smoothed = last / (1 - Math.Pow(smoothing, count));
            if (Math.Abs(smoothed) > limit)
            {
                return new Result(difference.StepAt(i), limit, tolerance is null);
            }
        }
        return new Result(null, limit, tolerance is null);
    }

    /// <summary>The tolerance chosen from the noise of <paramref name="difference"/> (see the class).</summary>
    public static double DefaultTolerance(Series difference, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(difference);
        var v = difference.Values;
        var changes = new double[Math.Max(v.Length - 1, 0)];
        int n = 0, steps = 0;
        double resolution = double.PositiveInfinity;
        double previous = double.NaN;
        foreach (double d in v)
        {
            if (!double.IsFinite(d))
            {
                continue;
            }
            steps++;
            if (double.IsFinite(previous))
            {
                changes[n++] = d - previous;
                if (d != previous)
                {
                    resolution = Math.Min(resolution, Math.Abs(d - previous));
                }
            }
            previous = d;
        }
        if (n < 2)
        {
            return double.PositiveInfinity; // no noise estimate: never call a divergence on its own
        }
        var work = n == changes.Length ? changes : changes[..n];
        double median = Selection.Median(work); // reorders work; the deviations below do not care about order
        for (int i = 0; i < work.Length; i++)
        {
            work[i] = Math.Abs(work[i] - median);
        }
        double sigma = 1.4826 * Selection.Median(work) / Math.Sqrt(2);
        double shrink = Math.Sqrt((1 - smoothing) / (1 + smoothing));
        double z = NormalDistribution.Quantile(1 - 0.005 / Math.Max(steps, 1));
        double limit = z * sigma * shrink;
        return double.IsFinite(resolution) ? Math.Max(limit, resolution) : limit;
    }
}
