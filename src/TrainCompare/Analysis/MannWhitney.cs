namespace TrainCompare.Analysis;

/// <summary>
/// The Mann–Whitney U test (Wilcoxon rank-sum), two-sided, computed as scipy.stats.mannwhitneyu does by
/// default: the exact null distribution when one sample has at most 8 values and there are no ties,
/// otherwise the normal approximation with tie correction and continuity correction.
/// <para>
/// What it assumes: the samples are independent draws, each from one distribution. Step times break that
/// when they drift (warm-up that outlasts --warmup-steps, thermal throttling) or pause periodically
/// (evaluation, checkpoints, logging): neighbouring steps are then correlated and the p-value comes out
/// smaller than it should. It tests whether one run's step times tend to be larger, not whether the means differ.
/// </para>
/// </summary>
public static class MannWhitney
{
    /// <param name="U1">The U statistic of the first sample (scipy's <c>statistic</c>).</param>
    public sealed record Result(double U1, double PValue, bool Exact);

    public static Result TwoSided(ReadOnlySpan<double> first, ReadOnlySpan<double> second)
    {
        int n1 = first.Length, n2 = second.Length;
        if (n1 == 0 || n2 == 0)
        {
            return new Result(double.NaN, double.NaN, false);
        }
        int n = n1 + n2;
        var all = new (double Value, bool First)[n];
        for (int i = 0; i < n1; i++)
        {
            all[i] = (first[i], true);
        }
        for (int i = 0; i < n2; i++)
        {
            all[n1 + i] = (second[i], false);
        }
        Array.Sort(all, (a, b) => a.Value.CompareTo(b.Value));

        // average ranks for ties; sum of t^3 - t over tie groups for the variance correction
        double rankSumFirst = 0, tieTerm = 0;
        bool ties = false;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && all[j + 1].Value == all[i].Value)
            {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // ranks i+1 .. j+1
            for (int k = i; k <= j; k++)
            {
                if (all[k].First)
                {
                    rankSumFirst += rank;
                }
            }
            double t = j - i + 1;
            if (t > 1)
            {
                ties = true;
                tieTerm += t * t * t - t;
            }
            i = j + 1;
        }
        double u1 = rankSumFirst - n1 * (n1 + 1) / 2.0;
        double u2 = (double)n1 * n2 - u1;
        double u = Math.Max(u1, u2);

        if ((n1 <= 8 || n2 <= 8) && !ties)
        {
            double p = 2 * ExactSurvival((long)u, n1, n2);
            return new Result(u1, Math.Clamp(p, 0, 1), true);
        }
        double mu = n1 * (double)n2 / 2;
        double s = Math.Sqrt(n1 * (double)n2 / 12 * (n + 1 - tieTerm / (n * (double)(n - 1))));
        double z = (u - mu - 0.5) / s;
        double pAsym = 2 * NormalDistribution.Survival(z);
        return new Result(u1, Math.Clamp(pAsym, 0, 1), false);
    }

    /// <summary>
    /// P(U &gt;= u) under the null, counting arrangements of n1 and n2 distinct values:
    /// f(i, j, k) = f(i - 1, j, k - j) + f(i, j - 1, k), two rows of j at a time.
    /// </summary>
    private static double ExactSurvival(long u, int n1, int n2)
    {
        int max = n1 * n2;
        var previous = new double[n1 + 1, max + 1]; // j - 1
        var current = new double[n1 + 1, max + 1];  // j
        for (int i = 0; i <= n1; i++)
        {
            previous[i, 0] = 1; // j = 0: one arrangement, U = 0
        }
        for (int j = 1; j <= n2; j++)
        {
            Array.Clear(current);
            current[0, 0] = 1;
            for (int i = 1; i <= n1; i++)
            {
                for (int k = 0; k <= i * j; k++)
                {
                    current[i, k] = (k >= j ? current[i - 1, k - j] : 0) + previous[i, k];
                }
            }
            (previous, current) = (current, previous);
        }
        double total = 0, tail = 0;
        for (int k = 0; k <= max; k++)
        {
            double w = previous[n1, k];
            total += w;
            if (k >= u)
            {
                tail += w;
            }
        }
        return tail / total;
    }
}
