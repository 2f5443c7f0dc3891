namespace TrainCompare.Analysis;

/// <summary>
/// Holm's step-down adjustment of a family of p-values: with m compare runs each tested at α alone, the chance of
/// at least one false call grows to about 1 − (1 − α)^m (23% for 5 runs at 0.05). Holm keeps that family-wise
/// error at α under any dependence between the tests, and is uniformly more powerful than Bonferroni.
/// <para>
/// Sort the m p-values ascending; the k-th smallest (k from 0) is multiplied by m − k; the adjusted values are
/// made non-decreasing in that order (a running maximum) and capped at 1. A test is significant at family-wise
/// level α when its adjusted p-value is below α. Non-finite p-values (no test) are left as they are and do not
/// count in m. Matches statsmodels' <c>multipletests(p, method="holm")</c>.
/// </para>
/// </summary>
public static class Holm
{
    /// <summary>The Holm-adjusted p-values, in the order given.</summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var adjusted = pValues.ToArray();
        int[] order = Enumerable.Range(0, adjusted.Length).Where(i => double.IsFinite(adjusted[i]))
            .OrderBy(i => adjusted[i]).ThenBy(i => i).ToArray();
        int m = order.Length;
        double running = 0;
        for (int k = 0; k < m; k++)
        {
            int i = order[k];
            running = Math.Max(running, Math.Min(1, (m - k) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
