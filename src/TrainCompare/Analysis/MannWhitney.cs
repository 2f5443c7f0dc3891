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
        var a = first.ToArray();
        var b = second.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        return TwoSidedSorted(a, b);
    }

    /// <summary>As <see cref="TwoSided"/>, for samples already sorted ascending: ranks by merging, O(n).</summary>
    public static Result TwoSidedSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length;
        if (n1 == 0 || n2 == 0)
        {
            return new Result(double.NaN, double.NaN, false);
        }
        int n = n1 + n2;
        // Walk both sorted samples; a run of equal values gets the average of the ranks it spans.
        double rankSumFirst = 0, tieTerm = 0;
        bool ties = false;
        int i = 0, j = 0, rank = 0; // rank: values placed so far
        while (i < n1 || j < n2)
        {
            double v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j];
            int inA = 0, inB = 0;
            while (i < n1 && a[i] == v)
            {
                i++;
                inA++;
            }
            while (j < n2 && b[j] == v)
            {
                j++;
                inB++;
            }
            int t = inA + inB;
            double average = rank + (t + 1) / 2.0; // ranks rank+1 .. rank+t
            rankSumFirst += inA * average;
            if (t > 1)
            {
                ties = true;
                tieTerm += (double)t * t * t - t;
            }
            rank += t;
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
