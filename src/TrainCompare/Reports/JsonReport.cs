using System.Text.Json;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// Everything the console shows, as JSON for scripts (schema in docs/json.md): camelCase, nulls rather than
/// made-up numbers where a value does not exist, non-finite numbers as null.
/// </summary>
public static class JsonReport
{
    public const int SchemaVersion = 2;

    public static byte[] Render(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schemaVersion", SchemaVersion);
            w.WriteStartArray("runs");
            foreach (var r in comparison.Runs)
            {
                WriteRun(w, r);
            }
            w.WriteEndArray();
            w.WriteStartArray("comparisons");
            foreach (var c in comparison.Comparisons)
            {
                WriteComparison(w, c, comparison);
            }
            w.WriteEndArray();
            TimeToTarget(w, "baselineTimeToTarget", comparison.BaselineTimeToTarget);
            w.WriteStartArray("gates");
            foreach (var g in comparison.Gates)
            {
                w.WriteStartObject();
                w.WriteString("name", g.Name);
                w.WriteBoolean("passed", g.Passed);
                Number(w, "measured", g.Measured);
                Number(w, "bound", g.Bound);
                w.WriteString("message", g.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            ProfileJson.Write(w, comparison);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteRun(Utf8JsonWriter w, RunSummary r)
    {
        w.WriteStartObject();
        w.WriteString("label", r.Run.Label);
        w.WriteStartArray("files");
        foreach (string f in r.Run.Files)
        {
            w.WriteStringValue(f);
        }
        w.WriteEndArray();
        w.WriteString("format", r.Run.Format);
        w.WriteNumber("repeats", Math.Max(1, r.Run.Repeats.Count));
        w.WriteNumber("lossCount", r.Run.Loss.Count);
        w.WriteNumber("stepTimeCount", r.StepTimeCount);
        w.WriteNumber("nonFiniteLossCount", r.NonFiniteLossCount);
        Number(w, "firstNonFiniteStep", r.FirstNonFiniteStep);
        Strings(w, "warnings", r.Run.Findings.Concat(r.Findings).Where(f => f.Severity > Severity.Info).Select(FindingText.Text));
        Strings(w, "notes", r.Run.Findings.Concat(r.Findings).Where(f => f.Severity == Severity.Info).Select(FindingText.Text));
        Findings(w, r.Run.Findings.Concat(r.Findings));
        w.WriteStartArray("warmupSkipped");
        foreach (int n in r.WarmupSkipped)
        {
            w.WriteNumberValue(n);
        }
        w.WriteEndArray();
        Number(w, "finalLoss", r.FinalLoss?.Value);
        Number(w, "finalLossSteps", r.FinalLoss?.Count);
        if (r.StepTimeDistribution is { } d)
        {
            w.WriteStartObject("stepTime");
            w.WriteNumber("n", d.N);
            Number(w, "mean", d.Mean);
            Number(w, "std", d.Std);
            Number(w, "median", d.Median);
            Number(w, "min", d.Min);
            Number(w, "p5", d.P5);
            Number(w, "p95", d.P95);
            Number(w, "max", d.Max);
            w.WriteNumber("outliers", d.Outliers);
            Number(w, "autocorrelationTime", r.StepTimePlan.Tau);
            Number(w, "effectiveN", r.EffectiveStepTimes);
            w.WriteNumber("batchSize", r.StepTimePlan.Size);
            w.WriteBoolean("batchSizeSettled", r.StepTimePlan.Settled);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("stepTime");
        }
        w.WriteStartObject("metrics");
        foreach (var (metric, series) in r.Run.SeriesByMetric.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteStartObject(metric);
            w.WriteNumber("count", series.Count);
            Number(w, "firstStep", series.Count > 0 ? series.FirstStep : null);
            Number(w, "lastStep", series.Count > 0 ? series.LastStep : null);
            Number(w, "last", series.Count > 0 ? series.Values[^1] : null);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (r.Throughput.Count > 0)
        {
            w.WriteStartObject("throughput");
            foreach (var t in r.Throughput)
            {
                Number(w, JsonName(t.Metric), t.Mean);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteComparison(Utf8JsonWriter w, RunComparison c, Comparison comparison)
    {
        w.WriteStartObject();
        w.WriteString("label", c.Run.Run.Label);
        w.WriteString("baseline", comparison.Baseline.Run.Label);
        Strings(w, "warnings", c.Findings.Select(FindingText.Text));
        Findings(w, c.Findings);
        if (c.SpeedupStats is { } s)
        {
            w.WriteStartObject("speedup");
            Number(w, "mean", s.MeanRatio);
            Number(w, "median", s.MedianRatio);
            Number(w, "ciLow", s.CiLow);
            Number(w, "ciHigh", s.CiHigh);
            Number(w, "pValue", s.HasInterval ? s.PValue : null);
            w.WriteString("verdict", s.Verdict switch { Verdict.Faster => "faster", Verdict.Slower => "slower", _ => "same" });
            w.WriteString("ciMethod", s.CiMethod);
            w.WriteNumber("batchSize", s.BatchSize);
            w.WriteNumber("baselineBatches", s.BaselineBatches);
            w.WriteNumber("runBatches", s.RunBatches);
            Number(w, "df", s.Df);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("speedup");
        }
        var l = c.Loss;
        w.WriteStartObject("loss");
        w.WriteNumber("commonSteps", l.CommonSteps);
        Number(w, "meanAbsDiff", l.MeanAbsDiff);
        Number(w, "maxAbsDiff", l.MaxAbsDiff);
        Number(w, "maxAbsDiffStep", l.MaxAbsDiffStep);
        Number(w, "finalWindowDiff", l.FinalWindowDiff);
        Number(w, "finalWindowDiffPercent", l.FinalWindowDiffPercent);
        Number(w, "finalWindowFirstStep", l.FinalWindowFirstStep);
        Number(w, "finalWindowLastStep", l.FinalWindowLastStep);
        w.WriteNumber("finalWindowCount", l.FinalWindowCount);
        Number(w, "finalWindowCiLow", l.FinalWindowCiLow);
        Number(w, "finalWindowCiHigh", l.FinalWindowCiHigh);
        Number(w, "finalWindowPValue", l.FinalWindowP);
        Number(w, "finalWindowBatchSize", l.FinalWindowPlan?.Size);
        Number(w, "autocorrelationTime", l.FinalWindowPlan?.Tau);
        if (l.FinalWindowDiff is null)
        {
            w.WriteNull("verdict");
        }
        else
        {
            w.WriteString("verdict", l.Verdict switch { LossVerdict.Higher => "higher", LossVerdict.Lower => "lower", _ => "same" });
        }
        Number(w, "equivalenceMargin", l.Margin);
        if (l.MarginSource is { } source)
        {
            w.WriteString("equivalenceMarginSource", source);
        }
        else
        {
            w.WriteNull("equivalenceMarginSource");
        }
        if (l.Equivalent is { } eq)
        {
            w.WriteBoolean("equivalent", eq);
        }
        else
        {
            w.WriteNull("equivalent");
        }
        Number(w, "divergenceStep", l.DivergenceStep);
        Number(w, "tolerance", l.Tolerance);
        Number(w, "noiseFloor", l.NoiseFloor);
        if (l.WithinNoise is { } within)
        {
            w.WriteBoolean("withinNoise", within);
        }
        else
        {
            w.WriteNull("withinNoise");
        }
        w.WriteEndObject();
        TimeToTarget(w, "timeToTarget", c.TimeToTarget);
        Number(w, "effectiveSpeedup", c.EffectiveSpeedup(comparison));
        w.WriteEndObject();
    }

    private static void TimeToTarget(Utf8JsonWriter w, string name, TimeToTarget? t)
    {
        if (t is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        Number(w, "target", t.Target);
        Number(w, "step", t.Step);
        Number(w, "wallTimeMs", t.WallTimeMs);
        w.WriteEndObject();
    }

    /// <summary>"findings": each with its stable code, severity, run, file, steps, numbers and message.</summary>
    private static void Findings(Utf8JsonWriter w, IEnumerable<Finding> findings)
    {
        w.WriteStartArray("findings");
        foreach (var f in findings)
        {
            w.WriteStartObject();
            w.WriteString("code", f.Code);
            w.WriteString("severity", FindingText.Kind(f.Severity));
            if (f.Run is { } run)
            {
                w.WriteString("run", run);
            }
            if (f.File is { } file)
            {
                w.WriteString("file", file);
            }
            Number(w, "firstStep", f.FirstStep);
            Number(w, "lastStep", f.LastStep);
            w.WriteStartObject("numbers");
            foreach (var (name, value) in f.Numbers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Number(w, name, value);
            }
            w.WriteEndObject();
            w.WriteString("message", f.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    private static string JsonName(string metric) => metric switch
    {
        Metrics.TokensPerSecond => "tokensPerSecond",
        Metrics.Tflops => "tflops",
        Metrics.MfuPercent => "mfuPercent",
        _ => metric,
    };

    internal static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
