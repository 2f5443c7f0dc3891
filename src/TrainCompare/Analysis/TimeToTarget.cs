using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>
/// When a run first reaches a target loss, in steps and in wall time: the target is the baseline's final loss
/// (the mean of its last --final-window losses), and a run reaches it at the first step where the trailing
/// mean of its last --final-window finite losses is at or below it. The baseline itself reaches it at its last
/// step at the latest. Wall time is the sum of the run's step times up to that step, warm-up included; when
/// step times are logged at fewer steps than that (every Nth step), their mean times the steps elapsed.
/// <para>
/// Baseline wall time over a run's gives the effective speedup: a change that makes steps faster but
/// convergence slower shows it here (below its step-time speedup), and one that never reaches the target has
/// none. It assumes a falling loss (a rising one reaches any higher target at once) and that a step's time is
/// what the log says (evaluation and checkpoint time outside the steps is not counted).
/// </para>
/// </summary>
/// <param name="Target">The loss to reach.</param>
/// <param name="Step">The first step whose trailing mean reaches it; null when none does.</param>
/// <param name="WallTimeMs">Step time up to that step; null when not reached or the run has no step times.</param>
public sealed record TimeToTarget(double Target, long? Step, double? WallTimeMs)
{
    public static TimeToTarget Of(Run run, double target, int window)
    {
        ArgumentNullException.ThrowIfNull(run);
        var loss = run.Loss;
        var v = loss.Values;
        int finite = 0;
        foreach (double x in v)
        {
            finite += double.IsFinite(x) ? 1 : 0;
        }
        int w = Math.Min(window, finite);
        if (w == 0 || !double.IsFinite(target))
        {
            return new TimeToTarget(target, null, null);
        }
        // trailing mean of the last w finite losses, over a ring of indices
        var ring = new double[w];
        int filled = 0, at = 0;
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                continue;
            }
            if (filled == w)
            {
                sum -= ring[at];
            }
            else
            {
                filled++;
            }
            ring[at] = v[i];
            sum += v[i];
            at = (at + 1) % w;
            // a relative slack of 1e-12 so that the baseline's own trailing mean, summed in another order than its final mean, reaches it
            if (filled == w && sum / w <= target + 1e-12 * Math.Abs(target))
            {
                long step = loss.StepAt(i);
                return new TimeToTarget(target, step, WallTime(run, step));
            }
        }
        return new TimeToTarget(target, null, null);
    }

    /// <summary>The run's step time up to <paramref name="step"/>; null without step times there.</summary>
    public static double? WallTime(Run run, long step)
    {
        ArgumentNullException.ThrowIfNull(run);
        var times = run.StepTimeMs;
        int upTo = times.CountUpTo(step);
        double sum = 0;
        int count = 0;
        var v = times.Values;
        for (int i = 0; i < upTo; i++)
        {
            if (double.IsFinite(v[i]))
            {
                sum += v[i];
                count++;
            }
        }
        if (count == 0)
        {
            return null;
        }
        long first = Math.Min(run.Loss.Count > 0 ? run.Loss.FirstStep : times.FirstStep, times.FirstStep);
        double elapsed = step - first + 1;
        return count < elapsed ? sum / count * elapsed : sum;
    }
}
