namespace TrainCompare.Reports.Charts;

/// <summary>
/// A centred rolling mean, as pandas' <c>rolling(window, center=True, min_periods=1).mean()</c>: each point is the
/// mean of the finite values among the <c>window</c> points around it (fewer at the ends, where the window is
/// cut). Centred, unlike an EMA, so a step where a difference starts is not drawn late. Values that cannot be
/// drawn (non-finite, beyond ±1e300) are left out of every mean and stay where they are. The loss-difference chart draws it over the raw difference
/// (faint), when --smooth does not choose an EMA.
/// </summary>
public static class RollingMean
{
    /// <summary>Fewer points than this are drawn as they are.</summary>
    public const int MinPoints = 50;

    /// <summary>The window for a series of <paramref name="points"/> points: about 4% of them, odd, at least 5; 0 (none) when short.</summary>
    public static int WindowFor(int points) => points < MinPoints ? 0 : Math.Max(5, (int)Math.Round(points / 25.0) | 1);

    public static double[] Centred(ReadOnlySpan<double> values, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        int half = window / 2;
        var result = new double[values.Length];
        double sum = 0;
        int count = 0;
        // the window of point i is [i - half, i + half]; add the point entering on the right, drop the one leaving on the left
        for (int i = 0; i < Math.Min(half, values.Length); i++)
        {
            Add(values[i], 1, ref sum, ref count);
        }
        for (int i = 0; i < values.Length; i++)
        {
            if (i + half < values.Length)
            {
                Add(values[i + half], 1, ref sum, ref count);
            }
            if (i - half - 1 >= 0)
            {
                Add(values[i - half - 1], -1, ref sum, ref count);
            }
            result[i] = MinMaxDecimator.Drawable(values[i]) && count > 0 ? sum / count : values[i];
        }
        return result;
    }

    private static void Add(double value, int sign, ref double sum, ref int count)
    {
        if (MinMaxDecimator.Drawable(value)) // beyond ±1e300 a sum would overflow; such values are not drawn anyway
        {
            sum += sign * value;
            count += sign;
        }
    }
}
