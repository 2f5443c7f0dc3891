using System.Text.Json;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>The JSON report's "profiles": one entry per run compared with profiles (docs/json.md).</summary>
public static class ProfileJson
{
    public static void Write(Utf8JsonWriter w, Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(comparison);
        w.WriteStartArray("profiles");
        foreach (var c in comparison.Comparisons)
        {
            if (c.Profile is not { } p)
            {
                continue;
            }
            w.WriteStartObject();
            w.WriteString("label", p.Run);
            w.WriteString("baseline", p.Baseline);
            w.WriteString("format", p.Format);
            w.WriteString("gaps", p.Gaps == TrainCompare.Profiles.GapKind.OpToOp ? "op-to-op" : "gpu-idle");
            Side(w, "baselineProfile", comparison.Baseline.Run.Profile, p.BaselineSteps, p.BaselineDevices);
            Side(w, "runProfile", c.Run.Run.Profile, p.RunSteps, p.RunDevices);
            w.WriteBoolean("stepFromLogs", p.StepFromLogs);
            w.WriteBoolean("stepChanged", p.StepChanged);
            JsonReport.Number(w, "explained", p.Explained);
            JsonReport.Number(w, "opsDeltaMs", p.OpsDeltaMs);
            w.WriteStartArray("parts");
            foreach (var part in p.Parts)
            {
                w.WriteStartObject();
                w.WriteString("name", part.Name);
                JsonReport.Number(w, "baselineMs", part.BaselineMs);
                JsonReport.Number(w, "runMs", part.RunMs);
                JsonReport.Number(w, "deltaMs", part.DeltaMs);
                JsonReport.Number(w, "share", part.Share);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("total");
            Op(w, p.Total);
            w.WriteStartArray("ops");
            foreach (var op in p.Ops)
            {
                Op(w, op);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Side(Utf8JsonWriter w, string name, TrainCompare.Profiles.RunProfile? profile, int steps, int devices)
    {
        w.WriteStartObject(name);
        w.WriteStartArray("files");
        foreach (var f in profile?.Files ?? [])
        {
            w.WriteStringValue(f.File);
        }
        w.WriteEndArray();
        w.WriteNumber("steps", steps);
        w.WriteNumber("devices", devices);
        // host-only ops (tt-metal rows without device durations), ms per step; not one of the parts
        w.WriteNumber("hostMs", profile is { Steps.Count: > 0 } ? profile.Steps.Average(s => s.Host) / 1e6 : 0);
        w.WriteStartArray("hardware");
        foreach (string h in profile?.Hardware ?? [])
        {
            w.WriteStringValue(h);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Op(Utf8JsonWriter w, OpChange o)
    {
        w.WriteStartObject();
        w.WriteString("label", o.Label);
        w.WriteString("match", o.Match switch { OpMatch.Same => "same", OpMatch.Launcher => "launcher", _ => "fusion" });
        if (o.Launcher is { } launcher)
        {
            w.WriteString("launcher", launcher);
        }
        else
        {
            w.WriteNull("launcher");
        }
        Strings(w, "baselineOps", o.BaselineOps);
        Strings(w, "runOps", o.RunOps);
        JsonReport.Number(w, "baselineCalls", o.BaselineCalls);
        JsonReport.Number(w, "runCalls", o.RunCalls);
        JsonReport.Number(w, "baselineMs", o.BaselineMs);
        JsonReport.Number(w, "runMs", o.RunMs);
        JsonReport.Number(w, "deltaMs", o.DeltaMs);
        JsonReport.Number(w, "deltaCiLow", o.DeltaLow);
        JsonReport.Number(w, "deltaCiHigh", o.DeltaHigh);
        JsonReport.Number(w, "share", o.Share);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }
}
