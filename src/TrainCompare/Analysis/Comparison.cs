using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>One compare run against the baseline.</summary>
/// <param name="Speedup">The classic speedup: baseline mean step time over this run's; null when either has no step times.</param>
/// <param name="SpeedupStats">Median ratio with its interval, p-value and verdict; null when either has no step times.</param>
/// <param name="TimeToTarget">When this run's loss reaches the baseline's final loss.</param>
/// <param name="Findings">What a reader must know to trust the comparison (runs that end at different steps); shown on the
/// run line and in every report.</param>
public sealed record RunComparison(RunSummary Run, double? Speedup, Series LossDifference, Speedup? SpeedupStats, LossComparison Loss,
    TimeToTarget TimeToTarget, IReadOnlyList<Finding> Findings)
{
    /// <summary>Where the time went, from the two runs' profiles; null unless both have one (of one kind).</summary>
    public ProfileComparison? Profile { get; init; }

    /// <summary>Baseline wall time to the target over this run's: above 1, this run gets to the baseline's final loss sooner.</summary>
    public double? EffectiveSpeedup(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.BaselineTimeToTarget?.WallTimeMs is { } b && TimeToTarget.WallTimeMs is { } r && r > 0 ? b / r : null;
    }
}

/// <summary>The whole analysis: every number a report shows comes from here.</summary>
/// <param name="BaselineTimeToTarget">When the baseline reaches its own final loss (the target of every run's time to target).</param>
public sealed record Comparison(ComparisonOptions Options, IReadOnlyList<RunSummary> Runs, IReadOnlyList<RunComparison> Comparisons,
    IReadOnlyList<GateResult> Gates, TimeToTarget? BaselineTimeToTarget = null)
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
            runs = runs.Select(r =>
            {
                try
                {
                    return r.Shift(checked(-(r.FirstStep ?? 0)));
                }
                catch (OverflowException)
                {
                    throw new TrainCompareException($"--align relative: run '{r.Label}' logs steps too far apart to count them from its "
                                                    + $"first ({r.FirstStep}) in 64 bits; use --align step");
                }
            }).ToArray();
        }
        var summaries = runs.Select(r => RunSummary.Of(r, options)).ToArray();
        var baseline = summaries[0];
        double? noiseFloor = NoiseFloor(baseline.Run, options.FinalWindow);
        double target = baseline.FinalLoss?.Value ?? double.NaN;
        var comparisons = summaries.Skip(1).Select(s =>
        {
            var difference = LossDifference.Between(s.Run.Loss, baseline.Run.Loss);
            var divergence = Divergence.Find(difference, options.Smoothing, options.LossTolerance);
            var loss = LossComparison.Of(difference, baseline.FinalLoss, options.FinalWindow, options.Alpha) with
            {
                DivergenceStep = divergence.Step,
                Tolerance = double.IsFinite(divergence.Tolerance) ? divergence.Tolerance : null,
            };
            if (noiseFloor is { } floor && loss.FinalWindowDiff is { } d)
            {
                loss = loss with { NoiseFloor = floor, WithinNoise = Math.Abs(d) <= floor };
            }
            if (options.Gates.MaxLossDiff is { } margin)
            {
                loss = loss.WithMargin(margin, "--max-loss-diff");
            }
            else if (noiseFloor is { } floor2 && floor2 > 0)
            {
                loss = loss.WithMargin(floor2, "noise floor");
            }
            var speedup = Analysis.Speedup.OfSorted(baseline.PooledStepTimes.Span, baseline.SortedStepTimes, baseline.StepTimePlan,
                s.PooledStepTimes.Span, s.SortedStepTimes, s.StepTimePlan, options.Alpha);
            var profile = ProfileComparison.Of(baseline, s, speedup);
            return new RunComparison(
                s,
                baseline.StepTime is { } b && s.StepTime is { } t ? b.Mean / t.Mean : null,
                difference,
                speedup,
                loss,
                TimeToTarget.Of(s.Run, target, options.FinalWindow),
                [.. EndWarnings(baseline.Run, s.Run, loss), .. profile?.Findings ?? [],
                    .. ProfileComparison.Missing(baseline, s) is { } missing ? [missing with { Run = s.Run.Label }] : Array.Empty<Finding>()])
            {
                Profile = profile,
            };
        }).ToArray();
        var partial = new Comparison(options, summaries, comparisons, [], TimeToTarget.Of(baseline.Run, target, options.FinalWindow));
        return partial with { Gates = Analysis.Gates.Evaluate(partial, options.Gates) };
    }

    /// <summary>A run that ends before (or after) the baseline: a crash, a shorter run. Its loss is compared where both logged.</summary>
    private static List<Finding> EndWarnings(Run baseline, Run run, LossComparison loss)
    {
        var warnings = new List<Finding>();
        if (baseline.Loss.Count == 0 || run.Loss.Count == 0 || baseline.Loss.LastStep == run.Loss.LastStep)
        {
            return warnings;
        }
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string window = loss.FinalWindowFirstStep is { } first && loss.FinalWindowLastStep is { } last
            ? string.Create(inv, $"; the final window is steps {first}–{last}, which both logged")
            : "; no step was logged by both";
        bool early = run.Loss.LastStep < baseline.Loss.LastStep;
        string which = early ? "stopped early (crashed or shorter)" : "ran longer than the baseline";
        warnings.Add(Finding.Warning(early ? "run.ends-early" : "run.ends-later",
                string.Create(inv, $"{run.Label} ends at step {run.Loss.LastStep}, {baseline.Label} at step {baseline.Loss.LastStep}: {which}{window}"))
            with { Run = run.Label, FirstStep = Math.Min(run.Loss.LastStep, baseline.Loss.LastStep), LastStep = Math.Max(run.Loss.LastStep, baseline.Loss.LastStep) });
        return warnings;
    }
}
