using System.Globalization;
using TrainCompare.Analysis;
using TrainCompare.Profiles;

namespace TrainCompare.Reports;

/// <summary>
/// "Where the time went", as every report shows it (<see cref="SummaryTables.For"/> takes these tables, so the
/// console, summary.md and report.html show the same): for each run compared with profiles, the step time's change
/// reconciled with the profiles, the ops that changed most, and the ops only one run has, grouped as fusions. Also
/// the clause the verdict line ends with, naming the largest contributors.
/// </summary>
public static class ProfileTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The op table shows this many rows, then one for the rest (every row is in the JSON and profile_ops.csv).</summary>
    public const int OpRows = 12;

    /// <summary>A fusion's ops listed in its table, the longest first (every one is in the JSON and profile_ops.csv).</summary>
    public const int FusionNames = 6;

    /// <summary>Op names are shortened to this many characters in the tables (the JSON and CSV keep them whole).</summary>
    public const int NameWidth = 34;

    public static IReadOnlyList<SummaryTable> For(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var tables = new List<SummaryTable>();
        foreach (var c in comparison.Comparisons)
        {
            if (c.Profile is not { } p)
            {
                continue;
            }
            tables.Add(Reconciliation(p));
            tables.Add(Ops(p));
            if (Fusions(p) is { } fusions)
            {
                tables.Add(fusions);
            }
        }
        return tables;
    }

    /// <summary>The title of a comparison's op table (the HTML report puts the chart after it).</summary>
    public static string OpsTitle(ProfileComparison p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return $"Ops: {p.Run} vs {p.Baseline}, ms per step{PerDevice(p)} ({Steps(p)}; the largest changes first)";
    }

    private static SummaryTable Reconciliation(ProfileComparison p)
    {
        string source = p.StepFromLogs ? "step time: the logs' median" : "step time: the profiled steps' spans";
        var rows = p.Parts.Select((part, i) => (IReadOnlyList<Cell>)
        [
            part.Name, Ms(part.BaselineMs), Ms(part.RunMs), i == 0 ? Delta(part.DeltaMs, p.StepChanged) : Delta(part.DeltaMs),
            part.Share is { } s ? Percent(s) : "-",
        ]).ToArray();
        return new SummaryTable($"Where the time went: {p.Run} vs {p.Baseline}, ms per step{PerDevice(p)} ({source})",
            ["", $"{p.Baseline} ms", $"{p.Run} ms", "Δ ms", "share of Δ"], rows)
        {
            GroupStarts = [3],
        };
    }

    private static SummaryTable Ops(ProfileComparison p)
    {
        var shown = p.Ops.Take(OpRows).ToList();
        var fusions = p.Ops.Where(o => o.Match == OpMatch.Fusion).ToList();
        var rows = shown.Select(o => (IReadOnlyList<Cell>)
        [
            Label(o, fusions.IndexOf(o) + 1), o.Launcher is { } l && o.Match == OpMatch.Same ? KernelNames.Shorten(l, 24) : "-", Calls(o.BaselineCalls), Calls(o.RunCalls), Ms(o.BaselineMs), Ms(o.RunMs),
            Delta(o.DeltaMs), Interval(o.DeltaLow, o.DeltaHigh), o.Share is { } s ? Percent(s) : "-",
        ]).ToList();
        var rest = p.Ops.Skip(OpRows).ToArray();
        if (rest.Length > 0)
        {
            rows.Add(
            [
                $"{rest.Length.ToString(Inv)} more", "-", "-", "-", Ms(rest.Sum(o => o.BaselineMs)), Ms(rest.Sum(o => o.RunMs)),
                Delta(rest.Sum(o => o.DeltaMs)), "-", p.Total.Share is null ? "-" : Percent(rest.Sum(o => o.Share ?? 0)),
            ]);
        }
        var t = p.Total;
        rows.Add(["all ops", "-", Calls(t.BaselineCalls), Calls(t.RunCalls), Ms(t.BaselineMs), Ms(t.RunMs), Delta(t.DeltaMs), Interval(t.DeltaLow, t.DeltaHigh),
            t.Share is { } all ? Percent(all) : "-"]);
        return SummaryTables.WithoutEmptyColumns(new SummaryTable(OpsTitle(p),
            ["op", "launched by", $"{p.Baseline} calls", $"{p.Run} calls", $"{p.Baseline} ms", $"{p.Run} ms", "Δ ms", "95% CI", "share"], rows)
        {
            GroupStarts = [2, 4, 6],
            FreeText = [1],
        });
    }

    private static SummaryTable? Fusions(ProfileComparison p)
    {
        var fusions = p.Ops.Where(o => o.Match == OpMatch.Fusion).ToArray();
        if (fusions.Length == 0)
        {
            return null;
        }
        var rows = fusions.Select((f, i) => (IReadOnlyList<Cell>)
        [
            (i + 1).ToString(Inv), List(f.BaselineOps), Ms(f.BaselineMs), List(f.RunOps), Ms(f.RunMs), Delta(f.DeltaMs),
        ]).ToArray();
        return new SummaryTable($"Ops only one run has, grouped as the fusions they most likely are: {p.Run} vs {p.Baseline}, ms per step",
            ["", $"only in {p.Baseline}", "ms", $"only in {p.Run}", "ms", "Δ ms"], rows)
        {
            GroupStarts = [3, 5],
            FreeText = [1, 3],
        };

        static string List(IReadOnlyList<string> ops)
        {
            if (ops.Count == 0)
            {
                return "-";
            }
            var names = ops.Select(o => KernelNames.Shorten(o.IndexOf(" (", StringComparison.Ordinal) is > 0 and var i
                ? KernelNames.Brief(o[..i]) + o[i..] : KernelNames.Brief(o), NameWidth + 20)).ToArray();
            return names.Length <= FusionNames ? string.Join(", ", names)
                : string.Join(", ", names.Take(FusionNames)) + $", … ({(names.Length - FusionNames).ToString(Inv)} more)";
        }
    }

    /// <summary>
    /// The clause for the verdict line: "device op time per step −29.1 ms (Matmul −12.1 ms, Pad+Slice → NLPConcatHeads
    /// −8.0 ms); step time from the logs −53.3 ms: ops explain 55%, the rest lies between ops (op-to-op gaps −20.3 ms,
    /// outside the profile −3.9 ms)".
    /// </summary>
    public static Cell Clause(ProfileComparison p)
    {
        ArgumentNullException.ThrowIfNull(p);
        bool kineto = p.Gaps == GapKind.GpuIdle;
        string noun = kineto ? "GPU busy time" : "device op time";
        var top = p.Ops.Where(o => Math.Sign(o.DeltaMs) == Math.Sign(p.OpsDeltaMs) && o.DeltaMs != 0).Take(2)
            .Select(o => $"{Short(o)} {WithSign(o.DeltaMs)} ms").ToArray();
        string contributors = top.Length == 0 ? "" : $" ({string.Join(", ", top)})";
        string ops = $"where the time went: {noun} per step {WithSign(p.OpsDeltaMs)} ms{contributors}";
        var step = p.Parts[0];
        string from = p.StepFromLogs ? "from the logs" : "of the profiled steps";
        if (!p.StepChanged || p.Explained is not { } explained)
        {
            return new Cell($"{ops}; the step time {from} did not change measurably ({WithSign(step.DeltaMs ?? 0)} ms)");
        }
        var between = p.Parts.Skip(3).Where(x => x.DeltaMs is { } d && Math.Abs(d) >= 0.005).Select(x => $"{ShortPart(x.Name)} {WithSign(x.DeltaMs!.Value)} ms").ToArray();
        string rest = between.Length == 0 ? "" : $", the rest lies between ops ({string.Join(", ", between)})";
        return new Cell($"{ops}; step time {from} {WithSign(step.DeltaMs ?? 0)} ms: ops explain {Percent(explained)}{rest}");
    }

    private static string ShortPart(string name) => name switch
    {
        _ when name.StartsWith("outside", StringComparison.Ordinal) => "outside the profile",
        _ when name.StartsWith("GPU idle", StringComparison.Ordinal) => "GPU idle",
        _ => name,
    };

    /// <summary>A row as the verdict names it: an op, "aten::mm's kernels", or a fusion "Pad+Slice+… → NLPConcatHeads".</summary>
    private static string Short(OpChange o) => o.Match switch
    {
        OpMatch.Fusion => o.BaselineOps.Count == 0 ? "added " + Join(o.RunOps, 1)
            : o.RunOps.Count == 0 ? "removed " + Join(o.BaselineOps, 1)
            : $"{Join(o.BaselineOps, 1)} → {Join(o.RunOps, 1)}",
        OpMatch.Launcher => $"{o.Launcher}'s kernels",
        _ => KernelNames.Shorten(KernelNames.Brief(o.Label), 40),
    };

    /// <summary>At most two ops' names, brief and without their launchers: "Pad+Slice+2 more".</summary>
    internal static string Join(IReadOnlyList<string> names, int shown = 2)
    {
        var plain = names.Select(n => Bare(KernelNames.Brief(n.IndexOf(" (", StringComparison.Ordinal) is > 0 and var i ? n[..i] : n)))
            .Distinct(StringComparer.Ordinal).ToArray();
        return string.Join("+", plain.Take(shown).Select(n => KernelNames.Shorten(n, 24)))
               + (plain.Length > shown ? $"+{(plain.Length - shown).ToString(Inv)} more" : "");
    }

    /// <summary>A tt-metal op code without the "DeviceOperation" most of them end in, where space is short.</summary>
    private static string Bare(string name) => name.EndsWith("DeviceOperation", StringComparison.Ordinal) && name.Length > 15 ? name[..^15] : name;

    /// <summary>The op cell: the op, a launcher's group, or a fusion numbered as in the fusion table.</summary>
    private static string Label(OpChange o, int fusion) => o.Match switch
    {
        OpMatch.Fusion => KernelNames.Shorten($"fusion {fusion.ToString(Inv)}: " + (o.BaselineOps.Count == 0 ? "added " + Join(o.RunOps, 1)
            : o.RunOps.Count == 0 ? "removed " + Join(o.BaselineOps, 1)
            : $"{Join(o.BaselineOps, 1)} → {Join(o.RunOps, 1)}"), NameWidth + 10),
        OpMatch.Launcher => $"{o.Launcher}'s kernels (they differ)",
        _ => KernelNames.Shorten(KernelNames.Brief(o.Label), NameWidth),
    };

    private static string PerDevice(ProfileComparison p) => p.BaselineDevices > 1 || p.RunDevices > 1 ? " per device" : "";

    private static string Steps(ProfileComparison p) => p.BaselineSteps == p.RunSteps
        ? $"{p.BaselineSteps.ToString(Inv)} profiled step{(p.BaselineSteps == 1 ? "" : "s")} each"
        : $"{p.BaselineSteps.ToString(Inv)} and {p.RunSteps.ToString(Inv)} profiled steps";

    /// <summary>Milliseconds with the digits that matter: 703.2, 12.06, 0.412, 0.0031.</summary>
    public static string Ms(double? ms)
    {
        if (ms is not { } v || !double.IsFinite(v))
        {
            return "-";
        }
        double a = Math.Abs(v);
        string text = a >= 1000 ? v.ToString("#,0", Inv) : a >= 100 ? v.ToString("0.0", Inv) : a >= 1 ? v.ToString("0.00", Inv)
            : a >= 0.01 || a == 0 ? v.ToString("0.000", Inv) : v.ToString("0.0e0", Inv);
        return text.StartsWith('-') ? "\u2212" + text[1..] : text;
    }

    /// <summary>A change with its sign: +1.20, −29.1.</summary>
    public static string WithSign(double ms) => ms > 0 ? "+" + Ms(ms) : Ms(ms);

    private static Cell Delta(double? ms, bool toned = true)
    {
        if (ms is not { } v)
        {
            return "-";
        }
        string text = WithSign(v);
        return !toned || v == 0 ? text : new Cell(text, v < 0 ? Tone.Good : Tone.Bad);
    }

    private static string Interval(double? low, double? high) => low is { } lo && high is { } hi ? $"{WithSign(lo)} – {WithSign(hi)}" : "-";

    private static string Calls(double calls) => Math.Abs(calls - Math.Round(calls)) < 0.05 ? Math.Round(calls).ToString("0", Inv) : calls.ToString("0.0", Inv);

    private static string Percent(double fraction)
    {
        string format = Math.Abs(fraction) < 0.1 ? "0.0" : "0";
        double percent = Math.Round(fraction * 100, format.Length == 1 ? 0 : 1);
        string text = (percent == 0 ? 0 : percent).ToString(format, Inv) + "%"; // never "−0.0%"
        return text.StartsWith('-') ? "\u2212" + text[1..] : text;
    }
}
