using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>
/// A run's loss against the baseline's at the steps both logged (finite values only): mean and largest
/// absolute difference, the mean difference over the final window and its size relative to the baseline's
/// final loss. Null where a value does not exist (no common steps).
/// </summary>
/// <param name="DivergenceStep">First step where the smoothed |Δ| exceeds the tolerance; null when none (or not computed yet).</param>
/// <param name="WithinNoise">Whether the difference lies within the spread of the baseline's repeats; null without repeats.</param>
/// <param name="Tolerance">The |smoothed Δ| a divergence must exceed (given, or chosen from the baseline's noise).</param>
/// <param name="NoiseFloor">The largest |final-window Δ| between two of the baseline's repeats; null without repeats.</param>
public sealed record LossComparison(int CommonSteps, double? MeanAbsDiff, double? MaxAbsDiff, long? MaxAbsDiffStep,
    double? FinalWindowDiff, double? FinalWindowDiffPercent, long? DivergenceStep, bool? WithinNoise, double? Tolerance = null,
    double? NoiseFloor = null)
{
    public static LossComparison Of(Series difference, FinalLoss? baselineFinal, int finalWindow)
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
        // the final window: the last finalWindow finite differences
        var window = new List<double>(Math.Min(finalWindow, n));
        for (int i = values.Length - 1; i >= 0 && window.Count < finalWindow; i--)
        {
            if (double.IsFinite(values[i]))
            {
                window.Add(values[i]);
            }
        }
        window.Reverse();
        double final = NumpyMath.Mean(window.ToArray());
        double? percent = baselineFinal is { } b && double.IsFinite(b.Value) && b.Value != 0 ? final / b.Value * 100 : null;
        return new LossComparison(n, sumAbs / n, maxAbs, maxStep, final, percent, null, null);
    }
}
