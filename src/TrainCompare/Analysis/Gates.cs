namespace TrainCompare.Analysis;

/// <summary>One CI check: what was measured, against which bound, and a line saying so.</summary>
public sealed record GateResult(string Name, bool Passed, double? Measured, double? Bound, string Message);

/// <summary>The CI gates a run can be held to; null where the user set none.</summary>
public sealed record GateOptions
{
    /// <summary>Fail when the upper end of a run's speedup interval is below this.</summary>
    public double? MinSpeedup { get; init; }

    /// <summary>Fail when a run's |final-window mean loss difference| exceeds this.</summary>
    public double? MaxLossDiff { get; init; }

    /// <summary>Fail when any run has a non-finite loss.</summary>
    public bool FailOnNan { get; init; }

    public bool Any => MinSpeedup is not null || MaxLossDiff is not null || FailOnNan;
}

/// <summary>Evaluates the gates on a comparison.</summary>
public static class Gates
{
    public static IReadOnlyList<GateResult> Evaluate(Comparison comparison, GateOptions gates)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(gates);
        var results = new List<GateResult>();
        string baseline = comparison.Baseline.Run.Label;
        foreach (var c in comparison.Comparisons)
        {
            string label = c.Run.Run.Label;
            if (gates.MinSpeedup is { } min)
            {
                if (c.SpeedupStats is { } s)
                {
                    bool ok = s.CiHigh >= min;
                    results.Add(new GateResult("min-speedup", ok, s.CiHigh, min, ok
                        ? $"{label}: speedup interval up to {s.CiHigh:0.000}x reaches --min-speedup {min:0.###}x"
                        : $"{label}: speedup {s.MedianRatio:0.000}x (95% CI {s.CiLow:0.000}–{s.CiHigh:0.000}) is below --min-speedup {min:0.###}x"));
                }
                else
                {
                    results.Add(new GateResult("min-speedup", false, null, min,
                        $"{label}: no step times to compare with {baseline}, so --min-speedup {min:0.###}x cannot pass"));
                }
            }
            if (gates.MaxLossDiff is { } max)
            {
                if (c.Loss.FinalWindowDiff is { } d)
                {
                    bool ok = Math.Abs(d) <= max;
                    results.Add(new GateResult("max-loss-diff", ok, Math.Abs(d), max, ok
                        ? $"{label}: |final-window loss Δ| {Math.Abs(d):0.######} is within --max-loss-diff {max:0.######}"
                        : $"{label}: |final-window loss Δ| {Math.Abs(d):0.######} exceeds --max-loss-diff {max:0.######}"));
                }
                else
                {
                    results.Add(new GateResult("max-loss-diff", false, null, max,
                        $"{label}: no finite losses at steps {baseline} also logged, so --max-loss-diff cannot pass"));
                }
            }
        }
        if (gates.FailOnNan)
        {
            foreach (var r in comparison.Runs)
            {
                bool ok = r.NonFiniteLossCount == 0;
                results.Add(new GateResult("fail-on-nan", ok, r.NonFiniteLossCount, 0, ok
                    ? $"{r.Run.Label}: every loss is finite"
                    : $"{r.Run.Label}: {r.NonFiniteLossCount} non-finite loss{(r.NonFiniteLossCount == 1 ? "" : "es")}, the first at step {r.FirstNonFiniteStep} (--fail-on-nan)"));
            }
        }
        return results;
    }
}
