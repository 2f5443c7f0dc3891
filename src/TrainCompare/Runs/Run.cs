namespace TrainCompare.Runs;

/// <summary>A labelled training run: the files it was read from, the format detected, one series per metric.</summary>
public sealed class Run
{
    public Run(string label, IReadOnlyList<string> files, string format, IReadOnlyDictionary<string, Series> series,
        IReadOnlyList<Finding> findings)
    {
        Label = label;
        Files = files;
        Format = format;
        SeriesByMetric = series;
        Findings = findings.Select(f => f with { Run = label }).ToArray();
    }

    public string Label { get; }

    /// <summary>The repeats this run combines (seeds, reruns); empty for a single log.</summary>
    public IReadOnlyList<Run> Repeats { get; init; } = [];

    /// <summary>What the run's profiler files say (--baseline-profile, --compare-profile); null when it has none.</summary>
    public Profiles.RunProfile? Profile { get; init; }

    /// <summary>For a group: the min and max across repeats at each step, per metric.</summary>
    public IReadOnlyDictionary<string, (Series Min, Series Max)> Bands { get; init; } = new Dictionary<string, (Series, Series)>();
    public IReadOnlyList<string> Files { get; }
    public string Format { get; }
    public IReadOnlyDictionary<string, Series> SeriesByMetric { get; }
    /// <summary>What reading the run found out (how it was read, restarts, ignored lines), each naming this run.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public Series Loss => Get(Metrics.Loss);
    public Series StepTimeMs => Get(Metrics.StepTimeMs);

    /// <summary>The run with <paramref name="notes"/> in front of its findings (what reading it found out).</summary>
    public Run WithNotes(IReadOnlyCollection<Finding> notes) => notes.Count == 0
        ? this
        : new Run(Label, Files, Format, SeriesByMetric, [.. notes, .. Findings]) { Repeats = Repeats, Bands = Bands, Profile = Profile };

    /// <summary>The run carrying <paramref name="profile"/>, with what reading it found among its findings.</summary>
    public Run WithProfile(Profiles.RunProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new Run(Label, Files, Format, SeriesByMetric, [.. Findings, .. profile.Findings]) { Repeats = Repeats, Bands = Bands, Profile = profile };
    }

    /// <summary>The first step any metric logged.</summary>
    public long? FirstStep => SeriesByMetric.Values.Where(s => s.Count > 0).Select(s => (long?)s.FirstStep).Min();

    /// <summary>The run with every step moved by <paramref name="delta"/>.</summary>
    public Run Shift(long delta) => delta == 0
        ? this
        : new Run(Label, Files, Format, SeriesByMetric.ToDictionary(kv => kv.Key, kv => kv.Value.Shift(delta), StringComparer.Ordinal), Findings)
        {
            Repeats = Repeats.Select(r => r.Shift(delta)).ToArray(),
            Bands = Bands.ToDictionary(kv => kv.Key, kv => (kv.Value.Min.Shift(delta), kv.Value.Max.Shift(delta)), StringComparer.Ordinal),
            Profile = Profile,
        };

    /// <summary>The last step any metric logged.</summary>
    public long? LastStep => SeriesByMetric.Values.Where(s => s.Count > 0).Select(s => (long?)s.LastStep).Max();

    /// <summary>
    /// The run as far as step <paramref name="last"/>: every series, repeat and band cut there (watch mode compares
    /// runs still being written at the steps all of them have reached).
    /// </summary>
    public Run UpToStep(long last) => LastStep is { } end && end <= last
        ? this
        : new Run(Label, Files, Format, SeriesByMetric.ToDictionary(kv => kv.Key, kv => kv.Value.UpToStep(last), StringComparer.Ordinal), Findings)
        {
            Repeats = Repeats.Select(r => r.UpToStep(last)).ToArray(),
            Bands = Bands.ToDictionary(kv => kv.Key, kv => (kv.Value.Min.UpToStep(last), kv.Value.Max.UpToStep(last)), StringComparer.Ordinal),
            Profile = Profile,
        };

    public Series Get(string metric)
        => SeriesByMetric.TryGetValue(metric, out var s) ? s : Series.Empty(metric);
}
