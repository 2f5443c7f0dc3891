namespace TrainCompare.Runs;

/// <summary>What the user asked for: a label and the file to read it from (one repeat of a group).</summary>
/// <param name="Format">A format name chosen with --format; null to detect.</param>
/// <param name="Rank">The rank to read in a multi-rank log (--rank); null for the lowest present.</param>
public sealed record RunSpec(string Label, string Path, string? Format = null, int? Rank = null)
{
    /// <summary>A format built from the user's --pattern options; it replaces detection.</summary>
    public Formats.ILogFormat? Custom { get; init; }

    /// <summary>--metric NAME=REGEX patterns read on top of the format.</summary>
    public IReadOnlyList<Formats.MetricPattern> ExtraMetrics { get; init; } = [];

    /// <summary>Values of the formats' own options (TensorBoard's --loss-tag, --time-tag).</summary>
    public Formats.FormatOptions FormatOptions { get; init; } = Formats.FormatOptions.None;

    /// <summary>
    /// Groups from run arguments: each argument (a path, a comma list or a glob) is one group of repeats of
    /// one configuration under one label. Labels default to the file name without extension, or for a group
    /// to what its files' names share ("base_seed1", "base_seed2" give "base_seed").
    /// </summary>
    public static IReadOnlyList<RunGroupSpec> CreateGroups(IReadOnlyList<string> arguments, IReadOnlyList<string>? labels)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var files = arguments.Select(Reading.InputPaths.Expand).ToArray();
        // a directory (tab completion adds the slash) is a run only when a whole-file format reads it (TensorBoard)
        if (files.SelectMany(f => f).FirstOrDefault(p => Directory.Exists(p) && !Formats.LogFormats.FileFormats.Any(f => f.Reads(p))) is { } directory)
        {
            throw TrainCompareException.ForFile(directory, "is a directory, not a log file (name the logs in it, or a quoted glob such as "
                + $"'{System.IO.Path.Combine(directory, "*.txt")}')");
        }
        if (files.SelectMany(f => f).Count(f => f == Reading.InputFile.StandardInput) > 1)
        {
            throw new TrainCompareException("-: standard input can be read by one run only");
        }
        var names = files.Select(GroupName).ToArray();
        var singles = Create(names, labels); // label count and uniqueness, as for single files
        return singles.Select((s, i) => new RunGroupSpec(s.Label, files[i])).ToArray();
    }

    /// <summary>The file name without its extension, and without .gz or .zst before that ("run.txt.gz" gives "run").</summary>
    public static string Stem(string path)
    {
        string name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path));
        foreach (string compressed in new[] { ".gz", ".zst" })
        {
            if (name.EndsWith(compressed, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^compressed.Length];
            }
        }
        return System.IO.Path.GetFileNameWithoutExtension(name);
    }

    /// <summary>The name a group's label defaults to ("path" so that Create takes the file stem).</summary>
    private static string GroupName(IReadOnlyList<string> files)
    {
        if (files.Count == 1)
        {
            return files[0];
        }
        var stems = files.Select(Stem).ToArray();
        int common = stems[0].Length;
        foreach (string stem in stems)
        {
            int k = 0;
            while (k < common && k < stem.Length && stem[k] == stems[0][k])
            {
                k++;
            }
            common = k;
        }
        string prefix = stems[0][..common].TrimEnd('_', '-', '.', ' ');
        return (prefix.Length > 0 ? prefix : $"{stems[0]}+{files.Count - 1}") + ".group";
    }

    /// <summary>
    /// Pairs files with labels. Labels default to the file names without extension; given labels must match
    /// the files in number; two runs may never share a label (the old script silently merged them).
    /// </summary>
    public static IReadOnlyList<RunSpec> Create(IReadOnlyList<string> paths, IReadOnlyList<string>? labels)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (labels is { Count: > 0 } && labels.Count != paths.Count)
        {
            throw new TrainCompareException(
                $"--labels: {labels.Count} label{(labels.Count == 1 ? "" : "s")} given for {paths.Count} file{(paths.Count == 1 ? "" : "s")} (baseline first, then each compare file)");
        }
        bool given = labels is { Count: > 0 };
        var specs = new List<RunSpec>(paths.Count);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < paths.Count; i++)
        {
            string label = given ? labels![i]
                : paths[i] == Reading.InputFile.StandardInput ? "stdin" : Stem(paths[i]);
            if (string.IsNullOrWhiteSpace(label))
            {
                throw new TrainCompareException($"--labels: label {i + 1} is empty");
            }
            if (seen.TryGetValue(label, out string? other))
            {
                throw new TrainCompareException(given
                    ? $"--labels: the label '{label}' is given twice; each run needs its own label"
                    : $"{paths[i]}: its label '{label}' is already used by {other}; give distinct names with --labels");
            }
            seen.Add(label, paths[i]);
            specs.Add(new RunSpec(label, paths[i]));
        }
        return specs;
    }
}

/// <summary>A group of repeats of one configuration: one label, one or more files.</summary>
public sealed record RunGroupSpec(string Label, IReadOnlyList<string> Paths, string? Format = null, int? Rank = null)
{
    /// <summary>See <see cref="RunSpec.Custom"/>.</summary>
    public Formats.ILogFormat? Custom { get; init; }

    /// <summary>See <see cref="RunSpec.ExtraMetrics"/>.</summary>
    public IReadOnlyList<Formats.MetricPattern> ExtraMetrics { get; init; } = [];

    /// <summary>See <see cref="RunSpec.FormatOptions"/>.</summary>
    public Formats.FormatOptions FormatOptions { get; init; } = Formats.FormatOptions.None;

    public IEnumerable<RunSpec> Repeats => Paths.Select(p => new RunSpec(Label, p, Format, Rank)
    {
        Custom = Custom,
        ExtraMetrics = ExtraMetrics,
        FormatOptions = FormatOptions,
    });

    /// <summary>
    /// Applies --format: no name leaves detection on; one name applies to every run; otherwise one name per
    /// run, in order ("auto" detects that one).
    /// </summary>
    public static IReadOnlyList<RunGroupSpec> WithFormats(IReadOnlyList<RunGroupSpec> groups, IReadOnlyList<string> formats)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(formats);
        if (formats.Count == 0)
        {
            return groups;
        }
        if (formats.Count != 1 && formats.Count != groups.Count)
        {
            throw new TrainCompareException($"--format: give one format for every run, or one per run ({groups.Count}), not {formats.Count}");
        }
        return groups.Select((g, i) =>
        {
            string name = formats[formats.Count == 1 ? 0 : i];
            if (name == "auto")
            {
                return g;
            }
            string known = Formats.LogFormats.FindFileFormat(name)?.Name ?? Formats.LogFormats.Find(name)?.Name
                ?? throw new TrainCompareException($"--format: unknown format '{name}' (known: auto, {string.Join(", ", Formats.LogFormats.Names)})");
            return g with { Format = known };
        }).ToArray();
    }
}
