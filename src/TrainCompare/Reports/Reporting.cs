using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// Everything a comparison shows, in order: the console summary (run lines, the classic block, the tables,
/// the verdicts), then every output asked for as one transaction, then what was saved.
/// </summary>
public static class Reporting
{
    /// <returns>What was written, as the "Saved:" lines show it.</returns>
    public static IReadOnlyList<string> Write(Comparison comparison, IReadOnlyList<IOutput> outputs, OutputSettings settings,
        TextWriter console, bool color)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(console);
        ConsoleSummary.WriteRunLines(comparison, console);
        ConsoleSummary.WriteClassicBlock(comparison, console);
        ConsoleTables.Write(comparison, console, color);

        console.WriteLine();
        console.WriteLine("Generating plots...");
        var saved = Outputs.Write(outputs, new OutputContext(comparison, settings));
        foreach (string path in saved)
        {
            console.WriteLine($"Saved: {path}");
        }
        console.WriteLine();
        console.WriteLine("Done!");
        return saved;
    }
}
