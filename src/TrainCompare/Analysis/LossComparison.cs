using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>Whether a run's final loss stands above or below the baseline's, or no difference is shown.</summary>
public enum LossVerdict
{
    /// <summary>The interval of the final-window difference holds 0 (or there is none).</summary>
    Same,
    Higher,
    Lower,
}

/// <summary>
/// A run's loss against the baseline's at the steps both logged (finite values only): mean and largest
/// absolute difference, the mean difference over the final window with its 95% interval and verdict, its size
/// relative to the baseline's final loss, and equivalence within a margin when one is known. Null where a
/// value does not exist (no common steps).
/// <para>
/// The interval: the final window's differences are batched (<see cref="Batches"/>, batch means), the batch
/// size chosen from the last five windows' worth of the difference series so that the estimate of its
/// autocorrelation rests on more than the window itself, and capped at a quarter of the window (past that cap, the
/// error comes from the autocorrelation time itself: τσ²/n with n/τ − 1 degrees of freedom). Two runs that
/// see the same data in the same order have a difference series far less noisy than either loss, and often
/// correlated from step to step (both runs drift through the same batches); the batches absorb that. It
/// assumes the difference is stationary over the window: a difference still growing there shows as a wide
/// interval or as a divergence.
/// </para>
/// <para>
/// Equivalence: "equivalent within ±X" only when the whole 95% interval lies inside [−X, X] (two one-sided
/// tests at 2.5% each); X is --max-loss-diff, or else the noise floor of the baseline's repeats. When the
/// interval reaches past X, equivalence is not shown, whatever the point estimate.
/// </para>
/// </summary>
/// <param name="FinalWindowFirstStep">First step of the final window (the last --final-window common steps).</param>
/// <param name="FinalWindowCiLow">Lower end of the 95% interval of <paramref name="FinalWindowDiff"/>; null without one.</param>
/// <param name="FinalWindowP">Two-sided p-value of "no difference" for the final window.</param>
/// <param name="FinalWindowPlan">How the final window was batched.</param>
/// <param name="Verdict">Higher or lower when p &lt; --alpha; same otherwise.</param>
/// <param name="DivergenceStep">First step where the smoothed |Δ| exceeds the tolerance; null when none (or not computed yet).</param>
/// <param name="WithinNoise">Whether the difference lies within the spread of the baseline's repeats; null without repeats.</param>
/// <param name="Tolerance">The |smoothed Δ| a divergence must exceed (given, or chosen from the difference's noise).</param>
/// <param name="NoiseFloor">The largest |final-window Δ| between two of the baseline's repeats; null without repeats.</param>
/// <param name="Margin">The equivalence margin X; null when none is known.</param>
/// <param name="MarginSource">Where X came from: "--max-loss-diff" or "noise floor".</param>
/// <param name="Equivalent">Whether the interval lies within ±X; null without a margin or an interval.</param>
public sealed record LossComparison(int CommonSteps, double? MeanAbsDiff, double? MaxAbsDiff, long? MaxAbsDiffStep,
    double? FinalWindowDiff, double? FinalWindowDiffPercent, long? DivergenceStep, bool? WithinNoise, double? Tolerance = null,
    double? NoiseFloor = null)
{
    public long? FinalWindowFirstStep { get; init; }
    public long? FinalWindowLastStep { get; init; }
    public int FinalWindowCount { get; init; }
    public double? FinalWindowCiLow { get; init; }
    public double? FinalWindowCiHigh { get; init; }
    public double? FinalWindowP { get; init; }
    public BatchPlan? FinalWindowPlan { get; init; }
    public LossVerdict Verdict { get; init; }
    public double? Margin { get; init; }
    public string? MarginSource { get; init; }
    public bool? Equivalent { get; init; }

    /// <summary>The differences of the final window, the CI and the verdict (alpha: the significance level).</summary>
    public static LossComparison Of(Series difference, FinalLoss? baselineFinal, int finalWindow, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(difference);
        var values = difference.Values;
        int n = 0;
        double sumAbs = 0, maxAbs = -1;
        long maxStep = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double d = values[i];
            if (!double.IsFinite(d))
            {
                continue;
            }
            n++;
            sumAbs += Math.Abs(d);
            if (Math.Abs(d) > maxAbs)
            {
                maxAbs = Math.Abs(d);
                maxStep = difference.StepAt(i);
            }
        }
        if (n == 0)
        {
            return new LossComparison(0, null, null, null, null, null, null, null);
        }
        // the last 5 windows of finite differences, in order; the final window is their end
        int wanted = Math.Min(n, 5 * finalWindow);
        var recent = new double[wanted];
        int filled = 0, firstIndex = -1;
        for (int i = values.Length - 1; i >= 0 && filled < wanted; i--)
        {
            if (double.IsFinite(values[i]))
            {
                recent[wanted - 1 - filled] = values[i];
                filled++;
                if (filled == Math.Min(finalWindow, n))
                {
                    firstIndex = i;
                }
            }
        }
        int count = Math.Min(finalWindow, n);
        var window = recent.AsSpan(wanted - count);
        double final = NumpyMath.Mean(window);
        double? percent = baselineFinal is { } b && double.IsFinite(b.Value) && b.Value != 0 ? final / b.Value * 100 : null;

        var plan = Batches.Plan(recent);
        int size = Math.Max(1, Math.Min(plan.Size, count / Batches.MinBatches));
        var estimate = Batches.Mean(window, size, BatchStatistic.Mean) with { Value = final };
        if (plan.Size > size)
        {
            // the window is too short for batches as long as the correlation needs: the batches would still be
            // correlated and their spread too small, so take the error from the autocorrelation time instead
            // (variance of the mean = τ σ² / n, σ² from the longer stretch), with n / τ − 1 degrees of freedom
            double tauVariance = plan.Tau * Batches.Variance(recent) / count;
            if (!(estimate.StandardError * estimate.StandardError >= tauVariance))
            {
                estimate = estimate with { StandardError = Math.Sqrt(tauVariance), Df = Math.Max(1, Math.Min(estimate.Df, count / plan.Tau - 1)) };
            }
        }
        var (low, high) = estimate.Interval(0.95);
        double p = estimate.PValue;
        var verdict = p < alpha ? (final > 0 ? LossVerdict.Higher : LossVerdict.Lower) : LossVerdict.Same;
        long lastStep = LastFiniteStep(difference);
        return new LossComparison(n, sumAbs / n, maxAbs, maxStep, final, percent, null, null)
        {
            FinalWindowFirstStep = difference.StepAt(firstIndex),
            FinalWindowLastStep = lastStep,
            FinalWindowCount = count,
            FinalWindowCiLow = double.IsFinite(low) ? low : null,
            FinalWindowCiHigh = double.IsFinite(high) ? high : null,
            FinalWindowP = double.IsFinite(p) ? p : null,
            FinalWindowPlan = plan with { Size = size },
            Verdict = verdict,
        };
    }

    /// <summary>This comparison with an equivalence margin applied: equivalent when the whole interval lies within ±margin.</summary>
    public LossComparison WithMargin(double margin, string source)
    {
        bool? equivalent = FinalWindowCiLow is { } lo && FinalWindowCiHigh is { } hi ? lo >= -margin && hi <= margin : null;
        return this with { Margin = margin, MarginSource = source, Equivalent = FinalWindowDiff is null ? null : equivalent ?? false };
    }

    private static long LastFiniteStep(Series s)
    {
        var v = s.Values;
        for (int i = v.Length - 1; i >= 0; i--)
        {
            if (double.IsFinite(v[i]))
            {
                return s.StepAt(i);
            }
        }
        return s.LastStep;
    }
}
