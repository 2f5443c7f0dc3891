using TrainCompare.Analysis;

namespace TrainCompare.Reports.Charts;

/// <summary>One bar: a run's value for a category, in the run's colour (<see cref="ChartPalette.Of"/>).</summary>
public sealed record BarValue(string Run, int Color, double Value);

/// <summary>A category of a bar chart (an op) and one bar per run.</summary>
public sealed record BarGroup(string Label, IReadOnlyList<BarValue> Bars);

/// <summary>
/// A chart of horizontal bars diverging from zero, one group per category from the top down: what the profiles'
/// largest per-op changes look like (<see cref="ProfileChart"/>). Drawn as PNG and SVG (<see cref="BarChartWriter"/>)
/// and as an HTML figure (<see cref="HtmlBarChartWriter"/>).
/// </summary>
/// <param name="FileStem">Output file name without prefix and extension.</param>
/// <param name="ValueLabel">The value axis's label.</param>
public sealed record BarChartSpec(string FileStem, string Title, string ValueLabel, IReadOnlyList<BarGroup> Groups)
{
    /// <summary>Lines under the chart: what the bars' signs mean, how many categories are left out.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The runs drawn, in legend order: (name, palette index).</summary>
    public IReadOnlyList<(string Run, int Color)> Runs => Groups.SelectMany(g => g.Bars).Select(b => (b.Run, b.Color)).Distinct().OrderBy(r => r.Color).ToArray();

    /// <summary>The value range to draw: every bar and zero.</summary>
    public (double Low, double High) Limits()
    {
        double low = 0, high = 0;
        foreach (var bar in Groups.SelectMany(g => g.Bars))
        {
            low = Math.Min(low, bar.Value);
            high = Math.Max(high, bar.Value);
        }
        return (low, high);
    }
}

/// <summary>The profiles' chart: each compare run's largest per-op changes against the baseline, ms per step.</summary>
public static class ProfileChart
{
    public const string FileStem = "profile_ops";

    /// <summary>The chart shows this many ops at most (the rest are in the tables, the JSON and profile_ops.csv).</summary>
    public const int MaxOps = 15;

    /// <summary>The categories' names are shortened to this many characters (their left margin).</summary>
    public const int LabelWidth = 46;

    /// <summary>The chart, or none when no run was compared with profiles.</summary>
    public static IReadOnlyList<BarChartSpec> For(Comparison comparison, string titlePrefix)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var profiled = comparison.Comparisons.Where(c => c.Profile is not null).ToArray();
        if (profiled.Length == 0)
        {
            return [];
        }
        // the ops with the largest change in any run, by the label a row is shown under
        var labels = profiled.SelectMany(c => c.Profile!.Ops.Select(o => (Label: Label(o), o.DeltaMs)))
            .GroupBy(x => x.Label, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(x => Math.Abs(x.DeltaMs))).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(MaxOps).Select(g => g.Key).ToArray();
        var groups = labels.Select(label => new BarGroup(Profiles.KernelNames.Shorten(label, LabelWidth), profiled.Select(c =>
        {
            double delta = c.Profile!.Ops.Where(o => Label(o) == label).Sum(o => o.DeltaMs);
            return new BarValue(c.Run.Run.Label, ChartPalette.Of(comparison, c.Run), delta);
        }).ToArray())).ToArray();
        int total = profiled.Max(c => c.Profile!.Ops.Count);
        var notes = new List<string> { $"bars left of zero: less time per step than '{comparison.Baseline.Run.Label}'" };
        if (total > labels.Length)
        {
            notes.Add($"the {labels.Length} largest changes of {total} ops; every op is in the tables and profile_ops.csv");
        }
        bool perDevice = profiled.Any(c => c.Profile!.BaselineDevices > 1 || c.Profile.RunDevices > 1);
        return
        [
            new BarChartSpec(FileStem, titlePrefix + $"Where the Time Went: Largest Op Changes against '{comparison.Baseline.Run.Label}'",
                $"Δ op time, ms per step{(perDevice ? " per device" : "")}", groups) { Notes = notes },
        ];
    }

    private static string Label(OpChange o)
    {
        string name = o.Match switch
        {
            OpMatch.Fusion => "fusion: " + (o.BaselineOps.Count == 0 ? "nothing" : ProfileTables.Join(o.BaselineOps))
                              + " → " + (o.RunOps.Count == 0 ? "nothing" : ProfileTables.Join(o.RunOps)),
            OpMatch.Launcher => $"{o.Launcher}'s kernels (they differ)",
            _ => o.Launcher is { } l ? $"{Profiles.KernelNames.Brief(o.Label)} ({l})" : o.Label,
        };
        return name;
    }
}
