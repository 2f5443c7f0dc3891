namespace TrainCompare.Reports;

/// <summary>What the outputs need to know besides the comparison: where they go and how they are titled.</summary>
public sealed record OutputSettings
{
    /// <summary>The directory every output file but --json's goes to (created when missing).</summary>
    public string Directory { get; init; } = ".";

    /// <summary>Put in front of every output file name (unsafe characters become '_').</summary>
    public string FilePrefix { get; init; } = "";

    /// <summary>Put in front of every chart and report title.</summary>
    public string TitlePrefix { get; init; } = "";

    /// <summary>The command that asked for this, shown in the Markdown and HTML reports; null to leave it out.</summary>
    public string? CommandLine { get; init; }

    /// <summary>The most points on a Mermaid chart's shared step grid.</summary>
    public int MermaidMaxPoints { get; init; } = MermaidCharts.DefaultMaxPoints;

    /// <summary>--json PATH: the JSON report's file (anywhere); null for none.</summary>
    public string? JsonPath { get; init; }

    /// <summary>$GITHUB_STEP_SUMMARY: the job summary file the Markdown summary is appended to; null for none.</summary>
    public string? GitHubSummaryPath { get; init; }

    /// <summary>Where to write how long each output took; null for nowhere.</summary>
    public TextWriter? Timings { get; init; }

    /// <summary>The title of the Markdown and HTML reports.</summary>
    public string ReportTitle => TitlePrefix + "Training run comparison";
}
