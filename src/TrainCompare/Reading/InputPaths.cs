namespace TrainCompare.Reading;

/// <summary>
/// Turns one run argument into its files: a path, a comma-separated list, or a quoted glob
/// ('base_seed*.txt'; * and ? in the file name part). Each argument is one group of repeats.
/// </summary>
public static class InputPaths
{
    /// <summary>The files an argument names, in order (globs sorted by name); throws when a glob matches nothing.</summary>
    public static IReadOnlyList<string> Expand(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var files = new List<string>();
        foreach (string part in argument.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.IndexOfAny(['*', '?']) < 0)
            {
                files.Add(part);
                continue;
            }
            string dir = Path.GetDirectoryName(part) is { Length: > 0 } d ? d : ".";
            string pattern = Path.GetFileName(part);
            if (dir.IndexOfAny(['*', '?']) >= 0)
            {
                throw new TrainCompareException($"{part}: wildcards are only supported in the file name, not in directories");
            }
            if (!Directory.Exists(dir))
            {
                throw new TrainCompareException($"{part}: no file matches (directory {dir} not found)");
            }
            var matches = Directory.EnumerateFiles(dir, pattern, new EnumerationOptions { MatchType = MatchType.Simple, MatchCasing = MatchCasing.CaseSensitive })
                .Select(f => dir == "." && !part.StartsWith("./", StringComparison.Ordinal) ? Path.GetFileName(f) : f)
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (matches.Length == 0)
            {
                throw new TrainCompareException($"{part}: no file matches");
            }
            files.AddRange(matches);
        }
        if (files.Count == 0)
        {
            throw new TrainCompareException($"'{argument}': names no file");
        }
        return files;
    }
}
