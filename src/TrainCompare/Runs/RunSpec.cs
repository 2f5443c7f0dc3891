namespace TrainCompare.Runs;

/// <summary>What the user asked for: a label and the file to read it from.</summary>
public sealed record RunSpec(string Label, string Path)
{
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
            string label = given ? labels![i] : System.IO.Path.GetFileNameWithoutExtension(paths[i]);
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
