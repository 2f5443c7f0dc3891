using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>How every report words a <see cref="Finding"/>, and which findings go with which run.</summary>
public static class FindingText
{
    /// <summary>"note", "warning" or "error": the word before the finding on a run line.</summary>
    public static string Kind(Severity severity) => severity switch
    {
        Severity.Info => "note",
        Severity.Warning => "warning",
        _ => "error",
    };

    /// <summary>The finding's sentence, after the file it concerns when the run combines several.</summary>
    public static string Text(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.File is { } file ? $"{file}: {finding.Message}" : finding.Message;
    }

    /// <summary>
    /// Everything found about <paramref name="run"/>: reading it, analysing it, and comparing it with the baseline;
    /// errors first, then warnings, then notes, each in the order found.
    /// </summary>
    public static IReadOnlyList<Finding> ForRun(Comparison comparison, RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(run);
        return run.Run.Findings
            .Concat(run.Findings)
            .Concat(comparison.Comparisons.Where(c => ReferenceEquals(c.Run, run)).SelectMany(c => c.Findings))
            .OrderByDescending(f => f.Severity)
            .ToArray();
    }
}
