using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// Everything a comparison shows, in order: the console summary (run lines, the classic block, the tables,
/// the verdicts), then every output asked for as one transaction, then what was saved. The summary is printed
/// only once the outputs are written: an output that cannot be written (an output directory that cannot be
/// made) is an error on its own, not an error after a whole summary.
/// </summary>
public static class Reporting
{
    /// <returns>What was written, as the "Saved:" lines show it.</returns>
    public static IReadOnlyList<string> Write(Comparison comparison, IReadOnlyList<IOutput> outputs, OutputSettings settings,
        TextWriter console, bool color)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(outputs);
        var summary = new StringWriter(console.FormatProvider) { NewLine = console.NewLine };
        ConsoleSummary.WriteRunLines(comparison, summary);
        ConsoleSummary.WriteClassicBlock(comparison, summary);
        ConsoleTables.Write(comparison, summary, color);

        var saved = Outputs.Write(outputs, new OutputContext(comparison, settings));
        // the old script's line before its plots; a run that draws none says what it does write
        string? writing = outputs.Any(o => o.Kind == OutputKind.Charts) ? "Generating plots..."
            : outputs.Count > 0 ? "Writing reports..." : null;
        if (writing is not null)
        {
            summary.WriteLine();
            summary.WriteLine(writing);
        }
        foreach (string path in saved)
        {
            summary.WriteLine($"Saved: {path}");
        }
        summary.WriteLine();
        summary.WriteLine("Done!");
        console.Write(summary.ToString());
        return saved;
    }
}
