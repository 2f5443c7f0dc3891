using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// The console summary: one line per run, then the classic block exactly as the old script printed it,
/// because people grep it.
/// </summary>
public static class ConsoleSummary
{
    public static void WriteRunLines(Comparison comparison, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("Parsing log files...");
        foreach (var summary in comparison.Runs)
        {
            var run = summary.Run;
            output.WriteLine(
                $"  {run.Label}: {run.Loss.Count} loss values, {summary.StepTimeCount} step times ({string.Join(", ", run.Files)}, format {run.Format})");
            foreach (var finding in FindingText.ForRun(comparison, summary))
            {
                output.WriteLine($"    {FindingText.Kind(finding.Severity)}: {FindingText.Text(finding)}");
            }
        }
    }

    public static void WriteClassicBlock(Comparison comparison, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        string rule = new('=', 60);
        output.WriteLine();
        output.WriteLine(rule);
        output.WriteLine("SUMMARY STATISTICS");
        output.WriteLine(rule);

        output.WriteLine();
        output.WriteLine("Mean Step Times:");
        foreach (var s in comparison.Runs)
        {
            if (s.StepTime is { } t)
            {
                output.WriteLine($"  {s.Run.Label}: {PyFormat.Fixed(t.Mean, 2)} ms (std: {PyFormat.Fixed(t.Std, 2)} ms)");
            }
        }

        if (comparison.Comparisons.Count > 0 && comparison.Baseline.StepTime is not null)
        {
            output.WriteLine();
            output.WriteLine($"Speedup relative to '{comparison.Baseline.Run.Label}':");
            foreach (var c in comparison.Comparisons)
            {
                if (c.Speedup is { } speedup)
                {
                    output.WriteLine($"  {c.Run.Run.Label}: {PyFormat.Fixed(speedup, 3)}x");
                }
            }
        }

        output.WriteLine();
        output.WriteLine($"Final Loss (last {comparison.Options.FinalWindow} steps average):");
        foreach (var s in comparison.Runs)
        {
            if (s.FinalLoss is { } f)
            {
                string all = f.CoversWholeRun ? $" (all {f.Count} steps)" : "";
                output.WriteLine($"  {s.Run.Label}: {PyFormat.Fixed(f.Value, 6)}{all}");
            }
        }
    }
}
