using TrainCompare.Analysis;

namespace TrainCompare;

/// <summary>Everything a comparison needs, as the CLI (or a test) states it.</summary>
public sealed record ComparisonRequest
{
    public required string Baseline { get; init; }
    public IReadOnlyList<string> Compare { get; init; } = [];
    /// <summary>Labels for baseline then compare runs; empty for the file names.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
    public string OutputDir { get; init; } = ".";

    /// <summary>--format: none to detect, one for every run, or one per run.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>--pattern NAME=REGEX: user patterns that replace detection (step=, loss=, step_time=, ...).</summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];

    /// <summary>--time-unit of step_time patterns: ms, s or us.</summary>
    public string TimeUnit { get; init; } = "ms";

    /// <summary>--metric NAME=REGEX: more metrics read on top of any format.</summary>
    public IReadOnlyList<string> MetricPatterns { get; init; } = [];

    /// <summary>--loss-tag and --time-tag for TensorBoard event files; null for the defaults.</summary>
    public string? LossTag { get; init; }

    public string? TimeTag { get; init; }

    /// <summary>--rank: the rank read from multi-rank logs; null for the lowest present.</summary>
    public int? Rank { get; init; }
    public string TitlePrefix { get; init; } = "";
    public string FilePrefix { get; init; } = "";
    public ComparisonOptions Options { get; init; } = new();

    /// <summary>--plots: "png" (default), "svg", or "none".</summary>
    public string Plots { get; init; } = "png";

    /// <summary>--report: which of "md" (summary.md), "html" (report.html) and "csv" (series.csv) to write.</summary>
    public IReadOnlySet<string> Reports { get; init; } = new HashSet<string>();

    /// <summary>--mermaid: write losses.md, losses_diff.md and step_time.md as Mermaid charts (and put them in the Markdown summaries).</summary>
    public bool Mermaid { get; init; }

    /// <summary>--mermaid-max-points: the most points on a Mermaid chart's shared step grid.</summary>
    public int MermaidMaxPoints { get; init; } = TrainCompare.Reports.MermaidCharts.DefaultMaxPoints;

    /// <summary>--github-summary: the file ($GITHUB_STEP_SUMMARY) the Markdown summary is appended to; null for none.</summary>
    public string? GitHubSummaryPath { get; init; }

    /// <summary>The command line that asked for this, shown in the Markdown and HTML reports; null to leave it out.</summary>
    public string? CommandLine { get; init; }

    /// <summary>Colours in the console tables (a terminal, and NO_COLOR unset).</summary>
    public bool Color { get; init; }

    /// <summary>Where to write the JSON report; null for nowhere. "-" is left to the caller (standard output).</summary>
    public string? JsonPath { get; init; }

    /// <summary>Where to write how long each stage took (TRAINCMP_TIMINGS=1); null for nowhere.</summary>
    public TextWriter? Timings { get; init; }
}
