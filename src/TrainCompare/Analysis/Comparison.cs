using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>One compare run against the baseline.</summary>
/// <param name="Speedup">The classic speedup: baseline mean step time over this run's; null when either has no step times.</param>
/// <param name="SpeedupStats">Median ratio with its interval, p-value and verdict; null when either has no step times.</param>
public sealed record RunComparison(RunSummary Run, double? Speedup, Series LossDifference, Speedup? SpeedupStats, LossComparison Loss);

/// <summary>The whole analysis: every number a report shows comes from here.</summary>
public sealed record Comparison(ComparisonOptions Options, IReadOnlyList<RunSummary> Runs, IReadOnlyList<RunComparison> Comparisons,
    IReadOnlyList<GateResult> Gates)
{
    /// <summary>True when every gate passed (or none was set).</summary>
    public bool GatesPassed => Gates.All(g => g.Passed);

    public RunSummary Baseline => Runs[0];

    /// <summary>
    /// How far apart the baseline's own repeats end: the largest |final-window mean loss difference| between
    /// any two of them. A compare run whose difference is no larger is within noise. Null without repeats.
    /// </summary>
    public static double? NoiseFloor(Run baseline, int finalWindow)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var repeats = baseline.Repeats;
        if (repeats.Count < 2)
        {
            return null;
        }
        double floor = 0;
        for (int i = 0; i < repeats.Count; i++)
        {
            for (int j = i + 1; j < repeats.Count; j++)
            {
                var diff = LossDifference.Between(repeats[j].Loss, repeats[i].Loss);
                if (LossComparison.Of(diff, null, finalWindow).FinalWindowDiff is { } d)
                {
                    floor = Math.Max(floor, Math.Abs(d));
                }
            }
        }
        return floor;
    }

    /// <summary>Analyses <paramref name="runs"/>; the first is the baseline.</summary>
    public static Comparison Of(IReadOnlyList<Run> runs, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        if (options.Align == Alignment.Relative)
        {
            runs = runs.Select(r => r.Shift(-(r.FirstStep ?? 0))).ToArray();
        }
        var summaries = runs.Select(r => RunSummary.Of(r, options)).ToArray();
        var baseline = summaries[0];
        double? noiseFloor = NoiseFloor(baseline.Run, options.FinalWindow);
        var comparisons = summaries.Skip(1).Select(s =>
        {
            var difference = LossDifference.Between(s.Run.Loss, baseline.Run.Loss);
            var divergence = Divergence.Find(difference, baseline.Run.Loss, options.Smoothing, options.LossTolerance);
            var loss = LossComparison.Of(difference, baseline.FinalLoss, options.FinalWindow) with
            {
                DivergenceStep = divergence.Step,
                Tolerance = double.IsFinite(divergence.Tolerance) ? divergence.Tolerance : null,
            };
            if (noiseFloor is { } floor && loss.FinalWindowDiff is { } d)
            {
                loss = loss with { NoiseFloor = floor, WithinNoise = Math.Abs(d) <= floor };
            }
            return new RunComparison(
                s,
                baseline.StepTime is { } b && s.StepTime is { } t ? b.Mean / t.Mean : null,
                difference,
                Analysis.Speedup.OfSorted(baseline.PooledStepTimes.Span, baseline.SortedStepTimes, s.PooledStepTimes.Span, s.SortedStepTimes, options.Alpha),
                loss);
        }).ToArray();
        var partial = new Comparison(options, summaries, comparisons, []);
        return partial with { Gates = Analysis.Gates.Evaluate(partial, options.Gates) };
    }
}
