using TrainCompare.Analysis;
using TrainCompare.Formats;
using TrainCompare.Profiles;
using TrainCompare.Reports;
using TrainCompare.Runs;

namespace TrainCompare.Pipeline;

/// <summary>
/// Runs the five stages for a request: read and parse every run, analyse, then report. Every input error is
/// raised before anything is written, so bad input leaves no output behind.
/// </summary>
public static class ComparisonPipeline
{
    /// <summary>Checks what can be checked before reading: files and globs, labels, the output directory.</summary>
    public static IReadOnlyList<RunGroupSpec> Plan(ComparisonRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var custom = request.Patterns.Count == 0
            ? null
            : new RegexFormat(request.Patterns.Select(p => MetricPattern.Parse("--pattern", p)).ToArray(), request.TimeUnit);
        var extra = request.MetricPatterns.Select(p => MetricPattern.Parse("--metric", p)).ToArray();
        var specs = RunGroupSpec.WithFormats(RunSpec.CreateGroups([request.Baseline, .. request.Compare], request.Labels), request.Formats)
            .Select(g => g with { Rank = request.Rank, Custom = custom, ExtraMetrics = extra, FormatOptions = request.FormatOptions })
            .ToArray();
        CheckOutputPaths(request);
        PlanProfiles(request);
        return specs;
    }

    /// <summary>Each run's profiler files, baseline first (empty for a run without): the arguments expanded as run arguments are.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> PlanProfiles(ComparisonRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CompareProfiles.Count > 0 && request.CompareProfiles.Count != request.Compare.Count)
        {
            throw new TrainCompareException($"--compare-profile: {request.CompareProfiles.Count} given for {request.Compare.Count} compare "
                + $"run{(request.Compare.Count == 1 ? "" : "s")} (one per --compare run, in order; '{ComparisonRequest.NoProfile}' for a run without one)");
        }
        if (string.IsNullOrWhiteSpace(request.ProfileRegion))
        {
            throw new TrainCompareException("--profile-region '': give last, all or a signpost's name");
        }
        string?[] arguments = [request.BaselineProfile, .. request.Compare.Select((_, i) => i < request.CompareProfiles.Count ? request.CompareProfiles[i] : null)];
        return arguments.Select(a => a is null or ComparisonRequest.NoProfile ? (IReadOnlyList<string>)[]
            : a.Length == 0 ? throw new TrainCompareException("--baseline-profile/--compare-profile '': an empty path (none: a run without a profile)")
            : Reading.InputPaths.Expand(a)).ToArray();
    }

    /// <summary>The runs carrying their profiles (read now, several at once).</summary>
    private static IReadOnlyList<Run> WithProfiles(ComparisonRequest request, IReadOnlyList<Run> runs, Action<long>? onRead)
    {
        var paths = PlanProfiles(request);
        if (paths.All(p => p.Count == 0))
        {
            return runs;
        }
        var profiles = ProfileLoader.Load(paths, new ProfileOptions { Region = request.ProfileRegion }, onRead);
        return runs.Select((r, i) => profiles[i] is { } p ? r.WithProfile(p) : r).ToArray();
    }

    /// <summary>--output-dir and --json name a directory and a file that can be written (checked before reading).</summary>
    private static void CheckOutputPaths(ComparisonRequest request)
    {
        string directory = request.Output.Directory;
        if (directory.Length == 0)
        {
            throw new TrainCompareException("--output-dir '': an empty path (use . for the current directory)");
        }
        if (File.Exists(directory))
        {
            throw new TrainCompareException($"--output-dir {directory}: is a file, not a directory");
        }
        if (request.Output.JsonPath is not { } json)
        {
            return;
        }
        if (json.Length == 0)
        {
            throw new TrainCompareException("--json '': an empty path (give a file name, or - for standard output)");
        }
        if (Directory.Exists(json) || Path.GetFileName(json).Length == 0)
        {
            throw new TrainCompareException($"--json {json}: names a directory, not a file");
        }
        OutputDirectory.CheckFileName(json, $"--json {json}");
    }

    /// <summary>Checks the request and reads every run; writes nothing (a progress bar can run around it alone).</summary>
    /// <param name="onRead">Called, from several threads, with the bytes of each read.</param>
    public static IReadOnlyList<Run> Load(ComparisonRequest request, Action<long>? onRead = null)
    {
        var specs = Plan(request);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = RunLoader.LoadGroups(specs, onRead);
        request.Timings?.WriteLine($"timing: read and parse {clock.Elapsed.TotalMilliseconds:F1} ms");
        clock.Restart();
        runs = WithProfiles(request, runs, onRead);
        if (request.BaselineProfile is not null || request.CompareProfiles.Count > 0)
        {
            request.Timings?.WriteLine($"timing: profiles {clock.Elapsed.TotalMilliseconds:F1} ms");
        }
        return runs;
    }

    /// <summary>Analyses <paramref name="runs"/> and writes the summary and every output asked for.</summary>
    public static Comparison Report(ComparisonRequest request, IReadOnlyList<Run> runs, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var comparison = Comparison.Of(runs, request.Options);
        request.Timings?.WriteLine($"timing: analysis {clock.Elapsed.TotalMilliseconds:F1} ms");
        Reporting.Write(comparison, Outputs.Select(request.Outputs), request.Output with { Timings = request.Timings }, output, request.Color);
        return comparison;
    }

    /// <summary>
    /// Watch mode: reports once, then every <paramref name="interval"/> reads only what was appended to the
    /// logs and, when anything was, reports again — until <paramref name="stop"/> is cancelled. A file that
    /// is truncated or replaced is read again from the start. Every report is complete on disk before the
    /// next starts (files are renamed into place), so stopping at any moment leaves complete outputs.
    /// </summary>
    /// <param name="output">Where the reports are appended when <paramref name="display"/> is null.</param>
    /// <param name="errors">Where problems found while watching go (the first read's errors are thrown).</param>
    /// <param name="display">
    /// Shows each report, rendered whole first (a terminal redraws it in place in one write); null appends
    /// them to <paramref name="output"/> (<see cref="WatchFrame.AppendTo"/>).
    /// </param>
    /// <returns>How many reports were written.</returns>
    public static int Watch(ComparisonRequest request, TextWriter output, TextWriter errors, TimeSpan interval,
        CancellationToken stop, Action<long>? onRead = null, Action<WatchFrame>? display = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        display ??= WatchFrame.AppendTo(output);
        var groups = Plan(request);
        var readers = RunLoader.OpenAll(groups.SelectMany(g => g.Repeats).ToArray(), follow: true, onRead);
        var notes = new List<string>();
        // profiles are read once: they are written when profiling ends, not while the logs grow
        IReadOnlyList<Run>? profiled = null;
        IReadOnlyList<Run> Current()
        {
            var runs = new List<Run>(groups.Count);
            int at = 0;
            foreach (var g in groups)
            {
                runs.Add(RunGroup.Combine(g.Label, readers.Skip(at).Take(g.Paths.Count).Select(r => r.ToRun()).ToArray()));
                at += g.Paths.Count;
            }
            profiled ??= WithProfiles(request, runs, null);
            return runs.Select((r, i) => profiled[i].Profile is { } p ? r.WithProfile(p) : r).ToArray();
        }
        // runs still being written are compared at the steps every one of them has reached: one that is behind is in
        // progress, not crashed, and the final-window numbers of all of them cover the same steps
        IReadOnlyList<Run> Common(IReadOnlyList<Run> runs)
        {
            var ends = runs.Select(r => r.LastStep).ToArray();
            if (runs.Count < 2 || ends.Any(e => e is null) || ends.Distinct().Count() == 1)
            {
                return runs;
            }
            long common = ends.Min()!.Value;
            var ahead = runs.Where(r => r.LastStep > common).Select(r => $"{r.Label} at step {r.LastStep}");
            notes.Add($"note: in progress: compared at the steps up to {common}, which every run has reached ({string.Join(", ", ahead)})");
            return runs.Select(r => r.UpToStep(common)).ToArray();
        }
        int reports = 0;
        void Show()
        {
            var latest = Current();
            var runs = Common(latest);
            var report = new StringWriter(output.FormatProvider) { NewLine = output.NewLine };
            var comparison = Report(request, runs, report);
            reports++;
            display(new WatchFrame
            {
                Number = reports,
                Time = DateTime.Now,
                LatestSteps = latest.Select(r => (r.Label, r.LastStep)).ToArray(),
                Notes = [.. notes],
                Report = report.ToString(),
                Verdicts = comparison.Comparisons.Select(c => VerdictLine.For(c, comparison.Baseline.Run.Label)).ToArray(),
                Logs = readers.Count,
                Interval = interval,
            });
            notes.Clear();
        }
        try
        {
            Show();
            while (!stop.WaitHandle.WaitOne(interval))
            {
                bool changed = false;
                foreach (var reader in readers)
                {
                    try
                    {
                        int restarts = reader.Restarts;
                        changed |= reader.Refresh();
                        if (reader.Restarts != restarts)
                        {
                            notes.Add($"note: {reader.Spec.Path} was truncated or replaced; reading it again from the start");
                        }
                    }
                    catch (TrainCompareException e)
                    {
                        errors.WriteLine($"traincmp: warning: {e.Message} (keeping what was read before)");
                    }
                }
                if (!changed || stop.IsCancellationRequested)
                {
                    continue;
                }
                Show();
            }
            return reports;
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }
}
