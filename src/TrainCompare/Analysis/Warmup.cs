namespace TrainCompare.Analysis;

/// <summary>
/// Where step times settle, for <c>--warmup-steps auto</c>: the MSER-5 rule of simulation output analysis
/// (White 1997; Franklin and White 2008). Step times are averaged in batches of 5 (single steps below 50 step
/// times), and the truncation point d is the one that minimises the squared standard error of the mean of what
/// is kept, MSER(d) = Σ_{j ≥ d} (Y_j − Ȳ_d)² / (k − d)², over d ≤ k/2. Cutting a slow start lowers the spread of
/// what remains faster than it lowers the count, so MSER falls until the series has settled and rises after.
/// <para>
/// It assumes the run is stationary once warmed up. Periodic pauses (checkpoints) weigh the same wherever the
/// cut is, so they do not move it; a drift that lasts the whole run can move it up to half the run, the limit
/// of the rule.
/// </para>
/// </summary>
public static class Warmup
{
    /// <summary>How many step times, from the start, are warm-up.</summary>
    public static int Detect(ReadOnlySpan<double> stepTimes)
    {
        int n = stepTimes.Length;
        if (n < 4)
        {
            return 0;
        }
        int size = n >= 50 ? 5 : 1;
        int k = n / size;
        var y = new double[k];
        double previous = double.NaN;
        for (int j = 0; j < k; j++)
        {
            double sum = 0;
            int count = 0;
            foreach (double v in stepTimes.Slice(j * size, size))
            {
                if (double.IsFinite(v))
                {
                    sum += v;
                    count++;
                }
            }
            y[j] = count > 0 ? sum / count : previous;
            previous = y[j];
        }
        // suffix sums from the end: MSER(d) from the sum and the sum of squares of y[d..k)
        double sum1 = 0, sum2 = 0;
        double best = double.PositiveInfinity;
        int bestD = 0;
        var mser = new double[k];
        for (int d = k - 1; d >= 0; d--)
        {
            if (double.IsFinite(y[d]))
            {
                sum1 += y[d];
                sum2 += y[d] * y[d];
            }
            int m = k - d;
            mser[d] = (sum2 - sum1 * sum1 / m) / ((double)m * m);
        }
        for (int d = 0; d <= k / 2; d++)
        {
            if (mser[d] < best)
            {
                best = mser[d];
                bestD = d;
            }
        }
        return bestD * size;
    }
}
