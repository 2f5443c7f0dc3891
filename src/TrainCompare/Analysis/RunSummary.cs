using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>Mean and population std of a run's step times after warm-up.</summary>
/// <param name="Count">Step times used (after skipping warm-up).</param>
public sealed record StepTimeStats(int Count, double Mean, double Std);

/// <summary>Mean of a run's last losses.</summary>
/// <param name="Count">Losses averaged.</param>
/// <param name="CoversWholeRun">True when the run had fewer losses than the window, so all were used.</param>
public sealed record FinalLoss(double Value, int Count, bool CoversWholeRun);

/// <summary>Mean of a throughput metric after warm-up (finite values).</summary>
public sealed record ThroughputStat(string Metric, int N, double Mean);

/// <summary>What the analysis says about one run on its own.</summary>
/// <param name="StepTime">The classic mean and std (numpy's, over every step time after warm-up).</param>
/// <param name="StepTimeDistribution">The finite step times after warm-up, described.</param>
/// <param name="PooledStepTimes">The finite step times after warm-up, of the run or of every repeat of a group, in order
/// (for a single run, a view of its series: no copy).</param>
/// <param name="SortedStepTimes">The same, sorted (once, for percentiles, medians and ranks).</param>
/// <param name="StepTimePlan">How the step times after warm-up are batched for the speedup test (<see cref="Batches"/>):
/// batch size and autocorrelation time.</param>
/// <param name="WarmupSkipped">Step times skipped as warm-up, in each repeat (one entry for a single run).</param>
/// <param name="Findings">What the analysis has to say about this run on its run line: the warm-up found, step times warm-up took.</param>
public sealed record RunSummary(Run Run, int StepTimeCount, Series TimedSteps, StepTimeStats? StepTime, FinalLoss? FinalLoss,
    Distribution? StepTimeDistribution, int NonFiniteLossCount, long? FirstNonFiniteStep, IReadOnlyList<ThroughputStat> Throughput,
    ReadOnlyMemory<double> PooledStepTimes, double[] SortedStepTimes, BatchPlan StepTimePlan, IReadOnlyList<int> WarmupSkipped,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>The step times after warm-up carry about this many independent ones' worth of information.</summary>
    public double EffectiveStepTimes => StepTimePlan.EffectiveN(PooledStepTimes.Length);

    /// <summary>Throughput metrics, shown per run and as ratios when a log carries them.</summary>
    public static readonly string[] ThroughputMetrics = [Metrics.TokensPerSecond, Metrics.Tflops, Metrics.MfuPercent];

    public static RunSummary Of(Run run, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        // a group pools the step times of its repeats, each after its own warm-up
        var repeats = run.Repeats.Count > 1 ? run.Repeats : [run];
        int[] skipped = repeats.Select(r => options.AutoWarmup ? Warmup.Detect(r.StepTimeMs.Values) : options.WarmupSteps).ToArray();
        // the run's own series (a group's is the mean of its repeats): skipped as far as the longest warm-up
        int ownSkip = options.AutoWarmup ? skipped.Max() : options.WarmupSteps;
        var timed = run.StepTimeMs.Skip(ownSkip);
        ReadOnlyMemory<double> pooled = repeats.Count == 1
            ? timed.ValuesMemory
            : repeats.SelectMany((r, i) => r.StepTimeMs.Skip(skipped[i]).Values.ToArray()).ToArray();
        if (!AllFinite(pooled.Span))
        {
            pooled = Distribution.FiniteValues(pooled.Span);
        }
        int stepTimeCount = repeats.Sum(r => r.StepTimeMs.Count);
        StepTimeStats? stats = pooled.Length == 0
            ? null
            : new StepTimeStats(pooled.Length, NumpyMath.Mean(pooled.Span), NumpyMath.PopulationStd(pooled.Span));
        var losses = run.Loss.Values;
        FinalLoss? final = null;
        if (!losses.IsEmpty)
        {
            int window = Math.Min(options.FinalWindow, losses.Length);
            final = new FinalLoss(NumpyMath.Mean(losses[^window..]), window, losses.Length < options.FinalWindow);
        }
        int nonFinite = 0;
        long? firstNonFinite = null;
        var loss = run.Loss;
        for (int i = 0; i < losses.Length; i++)
        {
            if (!double.IsFinite(losses[i]))
            {
                nonFinite++;
                firstNonFinite ??= loss.StepAt(i);
            }
        }
        var throughput = new List<ThroughputStat>();
        foreach (string metric in ThroughputMetrics)
        {
            var values = run.Get(metric).Skip(ownSkip).Values;
            var finite = AllFinite(values) ? values : Distribution.FiniteValues(values);
            if (finite.Length > 0)
            {
                throughput.Add(new ThroughputStat(metric, finite.Length, NumpyMath.Mean(finite)));
            }
        }
        var sorted = pooled.ToArray();
        RadixSort.Sort(sorted);
        return new RunSummary(run, stepTimeCount, timed, stats, final, Distribution.OfSorted(pooled.Span, sorted), nonFinite, firstNonFinite,
            throughput, pooled, sorted, Speedup.PlanFor(pooled.Span, sorted), skipped,
            WarmupNotes(repeats, skipped, stepTimeCount, pooled.Length, options).Select(f => f with { Run = run.Label }).ToArray());
    }

    /// <summary>What the run line says about warm-up: where auto found it, and when it took every step time.</summary>
    private static List<Finding> WarmupNotes(IReadOnlyList<Run> repeats, int[] skipped, int stepTimes, int kept, ComparisonOptions options)
    {
        var notes = new List<Finding>();
        if (options.AutoWarmup && stepTimes > 0)
        {
            notes.Add(Finding.Info("warmup.auto", repeats.Count == 1
                ? skipped[0] == 0
                    ? "warm-up (auto): step times are settled from the first one; none skipped"
                    : $"warm-up (auto): the first {Plural(skipped[0], "step time")} skipped; step times settle from step {repeats[0].StepTimeMs.StepAt(skipped[0])}"
                : $"warm-up (auto): {string.Join(", ", skipped)} step times skipped in its {repeats.Count} repeats"));
        }
        if (!options.AutoWarmup && repeats.Count == 1 && StillSettling(repeats[0].StepTimeMs, options.WarmupSteps) is { } settled)
        {
            notes.Add(Finding.Warning("warmup.still-settling", $"step times are still settling after the {Plural(options.WarmupSteps, "warm-up step time")}: they settle from step "
                      + $"{repeats[0].StepTimeMs.StepAt(settled)}, and the {settled - options.WarmupSteps} before it are slower; --warmup-steps auto skips them")
                .AtSteps(repeats[0].StepTimeMs.StepAt(options.WarmupSteps), repeats[0].StepTimeMs.StepAt(settled)));
        }
        if (stepTimes > 0 && kept == 0)
        {
            notes.Add(Finding.Warning("warmup.took-all", options.AutoWarmup
                ? $"no finite step times after warm-up (of {stepTimes} read): nothing to compare"
                : $"warm-up took all {Plural(stepTimes, "step time")} (--warmup-steps {options.WarmupSteps}): nothing left to compare; "
                  + "pass --warmup-steps auto, or a number below " + stepTimes.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", to keep some"));
        }
        return notes;
    }

    /// <summary>
    /// Where step times settle when that is well past a fixed warm-up (more than 50 step times past it) and the
    /// step times in between are at least 1% slower than the rest: the hint to try auto. Null otherwise.
    /// </summary>
    private static int? StillSettling(Series times, int warmup)
    {
        var v = times.Values;
        int cut = Warmup.Detect(v);
        if (cut <= warmup + 50 || cut >= v.Length)
        {
            return null;
        }
        double between = NumpyMath.Mean(Distribution.FiniteValues(v[warmup..cut]));
        double after = NumpyMath.Mean(Distribution.FiniteValues(v[cut..]));
        return between > 1.01 * after ? cut : null;
    }

    private static string Plural(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
