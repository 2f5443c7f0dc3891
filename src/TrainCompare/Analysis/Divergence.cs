using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>
/// When a run's loss leaves the baseline's: the first step at which the smoothed loss difference
/// (<see cref="Smoothing.Ema"/> with the --smooth weight) exceeds the tolerance in absolute value.
/// <para>
/// The default tolerance comes from the baseline's own noise: its step-to-step loss changes, whose median
/// absolute deviation (× 1.4826, robust to the trend and to spikes) estimates the noise of a difference of
/// two noisy losses; smoothing with weight w shrinks that noise by √((1 − w)/(1 + w)); and the threshold is
/// that many standard deviations that, over n common steps, noise alone would cross it with probability
/// about 1% (z from 1 − 0.005/n, two-sided). So a difference the baseline's own noise could make is not a
/// divergence, and a real departure is found within a few steps of where it starts.
/// </para>
/// </summary>
public static class Divergence
{
    public sealed record Result(long? Step, double Tolerance, bool ToleranceFromData);

    public static Result Find(Series difference, Series baselineLoss, double smoothing, double? tolerance)
    {
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(baselineLoss);
        double limit = tolerance ?? DefaultTolerance(baselineLoss, smoothing, difference.Count);
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

    public static double DefaultTolerance(Series baselineLoss, double smoothing, int steps)
    {
        ArgumentNullException.ThrowIfNull(baselineLoss);
        var v = baselineLoss.Values;
        var changes = new double[Math.Max(v.Length - 1, 0)];
        int n = 0;
        for (int i = 1; i < v.Length; i++)
        {
            if (double.IsFinite(v[i]) && double.IsFinite(v[i - 1]))
            {
                changes[n++] = v[i] - v[i - 1];
            }
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
        double sigma = 1.4826 * Selection.Median(work);
        double shrink = Math.Sqrt((1 - smoothing) / (1 + smoothing));
        double z = NormalDistribution.Quantile(1 - 0.005 / Math.Max(steps, 1));
        return z * sigma * shrink;
    }
}
