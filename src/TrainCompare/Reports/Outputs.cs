namespace TrainCompare.Reports;

/// <summary>Every output, and the one loop that writes those asked for as a single transaction.</summary>
public static class Outputs
{
    /// <summary>
    /// Every output, in the order they are written: charts first (reports link them), Mermaid next (the
    /// Markdown reports embed it), the job summary last (it is appended, not staged). The command line's
    /// --plots and --report values and their help come from this list.
    /// </summary>
    public static IReadOnlyList<IOutput> All { get; } =
    [
        new PngChartFiles(), new SvgChartFiles(), new MermaidFiles(),
        new MarkdownSummary(), new HtmlPage(), new SeriesCsvFile(),
        new JsonFile(), new GitHubJobSummary(),
    ];

    /// <summary>The outputs of one kind, in <see cref="All"/>'s order.</summary>
    public static IReadOnlyList<IOutput> OfKind(OutputKind kind) => [.. All.Where(o => o.Kind == kind)];

    public static IOutput? Find(string name) => All.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));

    /// <summary>The outputs named, in <see cref="All"/>'s order (so what they publish reaches those after them).</summary>
    public static IReadOnlyList<IOutput> Select(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        if (wanted.FirstOrDefault(n => Find(n) is null) is { } unknown)
        {
            throw new TrainCompareException($"unknown output '{unknown}' (known: {string.Join(", ", All.Select(o => o.Name))})");
        }
        return [.. All.Where(o => wanted.Contains(o.Name))];
    }

    /// <summary>
    /// Writes <paramref name="outputs"/> as one transaction: every file name is reserved and checked first,
    /// every file is staged (appends made last), and only then is anything renamed into place; a failure
    /// anywhere removes every staged file, takes back the appends, and leaves what the user had.
    /// </summary>
    /// <returns>What was written, for the "Saved:" lines.</returns>
    public static IReadOnlyList<string> Write(IReadOnlyList<IOutput> outputs, OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var output in outputs)
        {
            output.Plan(context);
        }
        context.CheckPlan();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            foreach (var output in outputs)
            {
                clock.Restart();
                output.Write(context);
                context.Settings.Timings?.WriteLine($"timing: {output.Name} {clock.Elapsed.TotalMilliseconds:F1} ms");
            }
            context.Commit();
        }
        catch
        {
            context.Undo();
            throw;
        }
        return context.Saved;
    }
}
