using TrainCompare.Formats;
using TrainCompare.Reading;

namespace TrainCompare.Runs;

/// <summary>Reads runs from their files: opens, detects the format, parses, and builds series and warnings.</summary>
public static class RunLoader
{
    /// <summary>Restarts reported one by one before the rest are only counted.</summary>
    public const int RestartsListed = 3;

    /// <summary>
    /// Opens and reads every run, several files at once (one per core). If any fails, throws the error of
    /// the first failing run in argument order, so the message does not depend on timing.
    /// </summary>
    /// <param name="follow">Keep the readers ready for <see cref="RunReader.Refresh"/> (watch mode).</param>
    /// <param name="onRead">Called, from several threads, with the bytes of each read.</param>
    public static IReadOnlyList<RunReader> OpenAll(IReadOnlyList<RunSpec> specs, bool follow = false, Action<long>? onRead = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var readers = new RunReader?[specs.Count];
        var errors = new Exception?[specs.Count];
        Parallel.For(0, specs.Count, i =>
        {
            try
            {
                readers[i] = RunReader.Open(specs[i], follow, onRead);
            }
            catch (Exception e) when (e is TrainCompareException or IOException or UnauthorizedAccessException)
            {
                errors[i] = e;
            }
        });
        for (int i = 0; i < specs.Count; i++)
        {
            if (errors[i] is { } error)
            {
                foreach (var reader in readers)
                {
                    reader?.Dispose();
                }
                throw error as TrainCompareException
                      ?? TrainCompareException.ForFile(specs[i].Path, $"cannot be read ({error.Message})");
            }
        }
        return readers!;
    }

    /// <summary>Reads every group whole, each repeat in parallel, and combines each group into one run.</summary>
    public static IReadOnlyList<Run> LoadGroups(IReadOnlyList<RunGroupSpec> groups, Action<long>? onRead = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var flat = groups.SelectMany(g => g.Repeats).ToArray();
        var runs = LoadAll(flat, onRead);
        var result = new List<Run>(groups.Count);
        int at = 0;
        foreach (var g in groups)
        {
            result.Add(RunGroup.Combine(g.Label, runs.Skip(at).Take(g.Paths.Count).ToArray()));
            at += g.Paths.Count;
        }
        return result;
    }

    /// <summary>Reads every run whole; see <see cref="OpenAll"/>.</summary>
    public static IReadOnlyList<Run> LoadAll(IReadOnlyList<RunSpec> specs, Action<long>? onRead = null)
    {
        var readers = OpenAll(specs, follow: false, onRead);
        try
        {
            return readers.Select(r => r.ToRun()).ToArray();
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }

    /// <summary>Decides, once, what the observations mean: series by step, restarts, warnings.</summary>
    public static Run Build(RunSpec spec, string formatName, ParsedLog parsed, ILineParser? parser = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parsed);
        var warnings = new List<Finding>();
        if (parsed.Columns.TryGetValue(Metrics.Loss, out var loss))
        {
            DescribeRestarts(loss, warnings);
        }
        parser?.DescribeTo(warnings);
        if (parsed.StepsOutOfRange > 0)
        {
            warnings.Add(Finding.Warning("read.step-out-of-range", parsed.StepsOutOfRange == 1
                ? $"skipped a line whose step number is too large for a 64-bit integer (line {parsed.FirstStepOutOfRange})"
                : $"skipped {parsed.StepsOutOfRange} lines whose step number is too large for a 64-bit integer (the first at line {parsed.FirstStepOutOfRange})")
                .With(("lines", parsed.StepsOutOfRange), ("firstLine", parsed.FirstStepOutOfRange)));
        }
        var series = new Dictionary<string, Series>(StringComparer.Ordinal);
        foreach (var (metric, column) in parsed.Columns)
        {
            if (column.Count > 0)
            {
                series.Add(metric, SeriesBuilder.Build(column));
            }
        }
        if (!series.ContainsKey(Metrics.Loss) && !series.ContainsKey(Metrics.StepTimeMs))
        {
            throw TrainCompareException.ForFile(spec.Path, $"no loss or step time values found in its {formatName} lines");
        }
        if (series.TryGetValue(Metrics.Loss, out var losses))
        {
            DescribeNonFinite(losses, warnings);
        }
        return new Run(spec.Label, [spec.Path], formatName, series, warnings);
    }

    private static void DescribeRestarts(ObservationColumn loss, List<Finding> warnings)
    {
        var regressions = loss.Regressions;
        for (int i = 0; i < regressions.Count && i < RestartsListed; i++)
        {
            var r = regressions[i];
            warnings.Add((r.Step == r.PreviousStep
                ? Finding.Warning("run.step-repeated", $"step {r.Step} is printed again at line {r.LineNumber}; the later value is used")
                : Finding.Warning("run.restart", $"the log restarts at line {r.LineNumber} (step {r.Step} after step {r.PreviousStep}: resumed from a checkpoint, or two runs in one file); for steps printed twice the later value is used"))
                .AtSteps(r.Step).With(("line", r.LineNumber), ("previousStep", r.PreviousStep)));
        }
        if (loss.RegressionCount > RestartsListed)
        {
            warnings.Add(Finding.Warning("run.restart", $"{loss.RegressionCount - RestartsListed} more places where the step number does not increase")
                .With(("places", loss.RegressionCount - RestartsListed)));
        }
    }

    private static void DescribeNonFinite(Series losses, List<Finding> warnings)
    {
        var values = losses.Values;
        int first = -1, count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                count++;
                if (first < 0)
                {
                    first = i;
                }
            }
        }
        if (count > 0)
        {
            warnings.Add(Finding.Warning("run.loss-not-finite", count == 1
                ? $"the loss is {(double.IsNaN(values[first]) ? "nan" : values[first] > 0 ? "inf" : "-inf")} at step {losses.Steps[first]}"
                : $"{count} losses are not finite (nan or inf), the first at step {losses.Steps[first]}")
                .AtSteps(losses.Steps[first]).With(("count", count)));
        }
    }
}
