namespace TrainCompare.Runs;

/// <summary>
/// Repeats of one configuration (seeds, reruns) combined into one run: each metric is the mean across
/// repeats at each step (of the repeats that logged a finite value there), with the min and max across
/// repeats kept as a band for the plots. Step times are pooled by the analysis, not averaged here.
/// </summary>
public static class RunGroup
{
    public static Run Combine(string label, IReadOnlyList<Run> repeats)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Count == 1)
        {
            return repeats[0];
        }
        var metrics = repeats.SelectMany(r => r.SeriesByMetric.Keys).Distinct(StringComparer.Ordinal).ToArray();
        var mean = new Dictionary<string, Series>(StringComparer.Ordinal);
        var bands = new Dictionary<string, (Series Min, Series Max)>(StringComparer.Ordinal);
        foreach (string metric in metrics)
        {
            var (m, lo, hi) = Aggregate(metric, repeats.Select(r => r.Get(metric)).Where(s => s.Count > 0).ToArray());
            mean.Add(metric, m);
            bands.Add(metric, (lo, hi));
        }
        var formats = repeats.Select(r => r.Format).Distinct(StringComparer.Ordinal);
        var warnings = repeats.SelectMany(r => r.Findings.Select(w => w with { File = w.File ?? r.Files[0] })).ToList();
        return new Run(label, repeats.SelectMany(r => r.Files).ToArray(), string.Join("+", formats), mean, warnings)
        {
            Repeats = repeats,
            Bands = bands,
        };
    }

    /// <summary>k-way merge by step: mean, min and max of the finite values at each step.</summary>
    private static (Series Mean, Series Min, Series Max) Aggregate(string metric, Series[] parts)
    {
        int capacity = parts.Length == 0 ? 0 : parts.Max(p => p.Count);
        var steps = new List<long>(capacity);
        var means = new List<double>(capacity);
        var mins = new List<double>(capacity);
        var maxs = new List<double>(capacity);
        var at = new int[parts.Length];
        while (true)
        {
            long next = long.MaxValue;
            for (int k = 0; k < parts.Length; k++)
            {
                if (at[k] < parts[k].Count)
                {
                    next = Math.Min(next, parts[k].StepAt(at[k]));
                }
            }
            if (next == long.MaxValue)
            {
                break;
            }
            double sum = 0, lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            int n = 0;
            for (int k = 0; k < parts.Length; k++)
            {
                if (at[k] < parts[k].Count && parts[k].StepAt(at[k]) == next)
                {
                    double v = parts[k].Values[at[k]];
                    at[k]++;
                    if (double.IsFinite(v))
                    {
                        sum += v;
                        lo = Math.Min(lo, v);
                        hi = Math.Max(hi, v);
                        n++;
                    }
                }
            }
            steps.Add(next);
            means.Add(n == 0 ? double.NaN : sum / n);
            mins.Add(n == 0 ? double.NaN : lo);
            maxs.Add(n == 0 ? double.NaN : hi);
        }
        long[] s = [.. steps];
        return (new Series(metric, s, [.. means], s.Length), new Series(metric, s, [.. mins], s.Length), new Series(metric, s, [.. maxs], s.Length));
    }
}
