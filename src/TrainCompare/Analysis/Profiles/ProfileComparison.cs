using System.Globalization;
using TrainCompare.Profiles;

namespace TrainCompare.Analysis;

/// <summary>
/// One row of the op table: time per step in each run (ms, per device), its change with a 95% interval, and its
/// share of the change of all ops' time.
/// </summary>
/// <param name="BaselineOps">The names of the baseline's ops the row sums (one for a matched op; several for a fusion).</param>
/// <param name="DeltaLow">The lower end of the change's 95% interval; null when a run profiled fewer than two steps.</param>
public sealed record OpChange(string Label, OpMatch Match, string? Launcher, IReadOnlyList<string> BaselineOps, IReadOnlyList<string> RunOps,
    double BaselineCalls, double RunCalls, double BaselineMs, double RunMs, double DeltaMs, double? DeltaLow, double? DeltaHigh)
{
    /// <summary>Its part of the change of all ops' time (the rows' shares add to 1); null when that change is too small to share out.</summary>
    public double? Share { get; init; }
}

/// <summary>One part of the step time (ms per step): the parts after the first add up to it, and so do their changes.</summary>
public sealed record TimePart(string Name, double? BaselineMs, double? RunMs)
{
    public double? DeltaMs => RunMs - BaselineMs;

    /// <summary>Its part of the step time's change; null when the step time did not change measurably.</summary>
    public double? Share { get; init; }
}

/// <summary>
/// Where the time went between the baseline and one run: their profiles' ops matched (<see cref="OpMatching"/>) and
/// compared per step, and the change of the ops' time reconciled with the change of the step time the logs show.
/// <para>
/// Assumes: each profiled step is an independent sample of the run's steady state (the mean over steps, a t interval
/// across them, Welch's for a difference — with one step per profile there is no interval); devices are merged before
/// this (each op's time is per device, never summed); and a profile's steps are the run's steps — checked where it
/// can be (a profile whose steps last far longer or shorter than the log's are flagged, not mixed in silently).
/// </para>
/// </summary>
public sealed record ProfileComparison
{
    public required string Baseline { get; init; }

    public required string Run { get; init; }

    /// <summary>The profiles' format (<see cref="IProfileFormat.Name"/>).</summary>
    public required string Format { get; init; }

    public required GapKind Gaps { get; init; }

    public int BaselineSteps { get; init; }

    public int RunSteps { get; init; }

    public int BaselineDevices { get; init; }

    public int RunDevices { get; init; }

    /// <summary>Every row, the largest change first.</summary>
    public required IReadOnlyList<OpChange> Ops { get; init; }

    /// <summary>All ops together.</summary>
    public required OpChange Total { get; init; }

    /// <summary>The step time, then the parts that add up to it: ops, busy beyond them, between ops, outside the profile.</summary>
    public required IReadOnlyList<TimePart> Parts { get; init; }

    /// <summary>The step time is the logs' median (else the profiles' step spans).</summary>
    public bool StepFromLogs { get; init; }

    /// <summary>The step time changed measurably (the speedup test's verdict, or the profiles' interval).</summary>
    public bool StepChanged { get; init; }

    /// <summary>Fraction of the step time's change the ops explain (tt-metal: their summed time; PyTorch: the GPU's busy time); null when it did not change measurably.</summary>
    public double? Explained { get; init; }

    /// <summary>The change of the ops' time the explanation counts (ms per step).</summary>
    public double OpsDeltaMs { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    private const double Ms = 1e6;

    /// <summary>The comparison of two runs' profiles; null when either has none (<see cref="Missing"/> says so).</summary>
    public static ProfileComparison? Of(RunSummary baseline, RunSummary run, Speedup? speedup)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(run);
        if (baseline.Run.Profile is not { } b || run.Run.Profile is not { } r || b.Format != r.Format)
        {
            return null;
        }
        var findings = new List<Finding>();
        var matched = OpMatching.Match(b, r);
        var rows = matched.Select(m => Row(m, b, r)).ToList();
        var total = Row(new MatchedOps("all ops", OpMatch.Same, Enumerable.Range(0, b.Ops.Count).ToArray(), Enumerable.Range(0, r.Ops.Count).ToArray()), b, r)
            with { BaselineOps = [], RunOps = [] };
        // shares of a net change too small to share out mislead: under 1% of the ops' time, inside its own interval,
        // or under a quarter of the rows' gross change (faster and slower ops cancelling out)
        double gross = rows.Sum(x => Math.Abs(x.DeltaMs));
        bool totalChanged = Math.Abs(total.DeltaMs) >= 0.01 * Math.Abs(total.BaselineMs) && Math.Abs(total.DeltaMs) >= 0.25 * gross
                            && (total.DeltaLow is not { } lo || total.DeltaHigh is not { } hi || lo > 0 || hi < 0);
        rows = rows.Select(x => x with { Share = totalChanged && total.DeltaMs != 0 ? x.DeltaMs / total.DeltaMs : null })
            .OrderByDescending(x => Math.Abs(x.DeltaMs)).ThenBy(x => x.Label, StringComparer.Ordinal).ToList();

        var launcherRows = rows.Where(x => x.Match == OpMatch.Launcher).ToArray();
        if (launcherRows.Length > 0)
        {
            string hardware = b.Hardware.Count > 0 && r.Hardware.Count > 0 && !b.Hardware.SequenceEqual(r.Hardware)
                ? $" ({baseline.Run.Label} ran on {string.Join(", ", b.Hardware)}, {run.Run.Label} on {string.Join(", ", r.Hardware)})"
                : "";
            findings.Add(Finding.Info("profile.matched-by-launcher", $"kernels whose names differ between the runs{hardware} are compared under the CPU op "
                + "that launched them: " + string.Join(", ", launcherRows.Select(x => x.Launcher).Distinct(StringComparer.Ordinal).Take(6))
                + (launcherRows.Length > 6 ? ", …" : "")).With(("rows", launcherRows.Length)));
        }
        if (b.Devices != r.Devices)
        {
            findings.Add(Finding.Info("profile.device-counts", $"{baseline.Run.Label}'s profile holds {b.Devices} device{(b.Devices == 1 ? "" : "s")} and "
                + $"{run.Run.Label}'s {r.Devices}: every time is per device, so they compare"));
        }
        foreach (var side in new[] { baseline, run })
        {
            findings.AddRange(Belongs(side, side.Run.Profile!));
        }

        // the step time and its parts, per step (ms)
        double? logBase = baseline.StepTimeDistribution?.Median, logRun = run.StepTimeDistribution?.Median;
        bool fromLogs = logBase is not null && logRun is not null;
        var spanBase = b.Steps.Select(s => s.Span / Ms).ToArray();
        var spanRun = r.Steps.Select(s => s.Span / Ms).ToArray();
        double refBase = fromLogs ? logBase!.Value : Mean(spanBase), refRun = fromLogs ? logRun!.Value : Mean(spanRun);
        double refDelta = refRun - refBase;
        bool changed;
        if (fromLogs && speedup is { HasInterval: true } s)
        {
            changed = s.Verdict != Verdict.Same;
        }
        else if (!fromLogs && Welch(spanBase, spanRun) is { } ci)
        {
            changed = ci.Low > 0 || ci.High < 0;
        }
        else
        {
            changed = Math.Abs(refDelta) >= 0.01 * Math.Abs(refBase);
        }
        changed &= refDelta != 0;
        double opsBase = Mean(b.Steps.Select(x => x.OpTotal / Ms)), opsRun = Mean(r.Steps.Select(x => x.OpTotal / Ms));
        double busyBase = Mean(b.Steps.Select(x => x.Busy / Ms)), busyRun = Mean(r.Steps.Select(x => x.Busy / Ms));
        double spanMeanBase = Mean(spanBase), spanMeanRun = Mean(spanRun);
        bool kineto = b.Gaps == GapKind.GpuIdle;
        var parts = new List<TimePart>
        {
            new(fromLogs ? "step time (logs, median)" : "step time (profiled steps)", refBase, refRun),
            new(kineto ? "GPU kernel time (summed)" : "device op time (summed)", opsBase, opsRun),
            new(kineto ? "overlap across streams (busy − summed)" : "op firmware overhead (FW − kernel duration)", busyBase - opsBase, busyRun - opsRun),
            new(kineto ? "GPU idle within the steps" : "op-to-op gaps", spanMeanBase - busyBase, spanMeanRun - busyRun),
        };
        if (fromLogs)
        {
            parts.Add(new TimePart("outside the profiled steps (host, not profiled)", refBase - spanMeanBase, refRun - spanMeanRun));
        }
        parts = parts.Select((p, i) => p with { Share = changed ? (i == 0 ? 1 : p.DeltaMs / refDelta) : null }).ToList();
        double opsDelta = kineto ? busyRun - busyBase : opsRun - opsBase;
        return new ProfileComparison
        {
            Baseline = baseline.Run.Label,
            Run = run.Run.Label,
            Format = b.Format,
            Gaps = b.Gaps,
            BaselineSteps = b.Steps.Count,
            RunSteps = r.Steps.Count,
            BaselineDevices = b.Devices,
            RunDevices = r.Devices,
            Ops = rows,
            Total = total with { Share = totalChanged ? 1 : null },
            Parts = parts,
            StepFromLogs = fromLogs,
            StepChanged = changed,
            Explained = changed ? opsDelta / refDelta : null,
            OpsDeltaMs = opsDelta,
            Findings = findings.Select(f => f with { Run = f.Run ?? run.Run.Label }).ToArray(),
        };
    }

    /// <summary>Why two runs' profiles are not compared (one has none, or they are of two kinds); null when they are, or neither has one.</summary>
    public static Finding? Missing(RunSummary baseline, RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(run);
        var (b, r) = (baseline.Run.Profile, run.Run.Profile);
        if (b is null && r is null)
        {
            return null;
        }
        if (b is not null && r is not null)
        {
            return b.Format == r.Format ? null
                : Finding.Warning("profile.kinds-differ", $"{baseline.Run.Label}'s profile is {b.Format} and {run.Run.Label}'s {r.Format}: their ops are not compared");
        }
        string without = b is null ? baseline.Run.Label : run.Run.Label;
        return Finding.Info("profile.one-side", $"only {(b is null ? run.Run.Label : baseline.Run.Label)} has a profile: {without} has none to compare its ops with");
    }

    /// <summary>A profile whose steps do not look like the run's: far longer or shorter than its log's steps, or numbered past them.</summary>
    private static IEnumerable<Finding> Belongs(RunSummary summary, RunProfile profile)
    {
        var inv = CultureInfo.InvariantCulture;
        string label = summary.Run.Label;
        var numbers = profile.Steps.Select(s => s.Number).OfType<long>().ToArray();
        var logged = summary.Run.SeriesByMetric.Values.Where(s => s.Count > 0).ToArray();
        if (numbers.Length > 0 && logged.Length > 0)
        {
            long last = logged.Max(s => s.LastStep);
            if (numbers.Min() > last + 1)
            {
                yield return Finding.Warning("profile.steps-outside", string.Create(inv,
                        $"{label}'s profile holds steps #{numbers.Min()}–#{numbers.Max()}, past the last step its log shows ({last}): is it this run's profile?"))
                    with { Run = label, FirstStep = numbers.Min(), LastStep = numbers.Max() };
            }
        }
        if (summary.StepTimeDistribution?.Median is not { } median || median <= 0 || profile.Steps.Count == 0)
        {
            yield break;
        }
        double span = profile.Steps.Average(s => s.Span) / Ms;
        double ratio = span / median;
        bool kineto = profile.Gaps == GapKind.GpuIdle;
        double high = kineto ? 2.0 : 1.5;
        if (ratio is >= 0.5 && ratio <= high)
        {
            yield break;
        }
        string what = kineto ? "ProfilerStep spans" : "device busy time plus op-to-op gaps";
        string why = ratio > high ? (kineto ? "" : ": it may hold several steps as one (mark each step with a signpost or marker)")
            : ": it may cover part of each step only";
        string text = string.Create(inv, $"{label}'s profiled steps take {span:0.##} ms each ({what}) but its log's median step time is {median:0.##} ms{why}");
        yield return Finding.Warning("profile.steps-mismatch", text + "; is it this run's profile? Its reconciliation with the step time is unreliable")
            .With(("profileStepMs", span), ("logStepMs", median)) with { Run = label };
    }

    private static OpChange Row(MatchedOps m, RunProfile b, RunProfile r)
    {
        var (baseMs, baseCalls) = PerStep(b, m.Baseline);
        var (runMs, runCalls) = PerStep(r, m.Run);
        double delta = Mean(runMs) - Mean(baseMs);
        var ci = Welch(baseMs, runMs);
        return new OpChange(m.Label, m.Match, m.Launcher, m.Baseline.Select(i => OpMatching.Display(b.Ops[i])).ToArray(),
            m.Run.Select(j => OpMatching.Display(r.Ops[j])).ToArray(),
            Mean(baseCalls), Mean(runCalls), Mean(baseMs), Mean(runMs), delta, ci?.Low, ci?.High);
    }

    /// <summary>The ops' summed time (ms) and calls in each step.</summary>
    private static (double[] Ms, double[] Calls) PerStep(RunProfile profile, IReadOnlyList<int> ops)
    {
        var ms = new double[profile.Steps.Count];
        var calls = new double[profile.Steps.Count];
        for (int s = 0; s < ms.Length; s++)
        {
            var step = profile.Steps[s];
            foreach (int i in ops)
            {
                ms[s] += step.OpNs[i] / Ms;
                calls[s] += step.Calls[i];
            }
        }
        return (ms, calls);
    }

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            sum += v;
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /// <summary>
    /// The 95% interval of mean(<paramref name="b"/>) − mean(<paramref name="a"/>), Welch's t with Satterthwaite's
    /// degrees of freedom (scipy.stats.ttest_ind(equal_var=False)'s); null with fewer than two values on a side.
    /// </summary>
    public static (double Low, double High)? Welch(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count < 2 || b.Count < 2)
        {
            return null;
        }
        double ma = Mean(a), mb = Mean(b);
        double va = a.Sum(x => (x - ma) * (x - ma)) / (a.Count - 1) / a.Count;
        double vb = b.Sum(x => (x - mb) * (x - mb)) / (b.Count - 1) / b.Count;
        double delta = mb - ma;
        double se = Math.Sqrt(va + vb);
        if (se == 0)
        {
            return (delta, delta);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.Count - 1) + vb * vb / (b.Count - 1));
        double t = StudentT.Quantile(0.975, df);
        return (delta - t * se, delta + t * se);
    }
}
