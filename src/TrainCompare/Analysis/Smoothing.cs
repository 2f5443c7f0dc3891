namespace TrainCompare.Analysis;

/// <summary>
/// Exponential moving average as TensorBoard's smoothing slider computes it: last = last * w + (1 - w) * x,
/// starting from 0 and divided by 1 - w^k so the first points are not pulled toward zero (debiased).
/// Non-finite values are passed through and leave the average as it was.
/// </summary>
public static class Smoothing
{
    public static double[] Ema(ReadOnlySpan<double> values, double weight)
    {
        if (weight is < 0 or >= 1 || double.IsNaN(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "smoothing must be in [0, 1)");
        }
        var smoothed = new double[values.Length];
        double last = 0;
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (!double.IsFinite(x))
            {
                smoothed[i] = x;
                continue;
            }
            count++;
            last = last * weight + (1 - weight) * x;
            smoothed[i] = last / (1 - Math.Pow(weight, count));
        }
        return smoothed;
    }
}
