using TrainCompare.Analysis;
using TrainCompare.Reports;

namespace TrainCompare.Pipeline;

/// <summary>
/// Everything a comparison needs, as the CLI (or a test) states it. The defaults here, in
/// <see cref="ComparisonOptions"/> and in <see cref="OutputSettings"/> are the only ones: the CLI's options show
/// and use them.
/// </summary>
public sealed record ComparisonRequest
{
    public required string Baseline { get; init; }
    public IReadOnlyList<string> Compare { get; init; } = [];
    /// <summary>Labels for baseline then compare runs; empty for the file names.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>--baseline-profile: the baseline's profiler files (a path, a comma list or a glob, as for a run); null for none.</summary>
    public string? BaselineProfile { get; init; }

    /// <summary>--compare-profile: one argument per compare run, in order (<see cref="NoProfile"/> for a run without); empty for none.</summary>
    public IReadOnlyList<string> CompareProfiles { get; init; } = [];

    /// <summary>What --compare-profile says of a run that has no profile.</summary>
    public const string NoProfile = "none";

    /// <summary>--profile-region: the part of a tt-metal profile read (<see cref="TrainCompare.Profiles.ProfileOptions.Region"/>).</summary>
    public string ProfileRegion { get; init; } = TrainCompare.Profiles.ProfileOptions.LastRegion;

    /// <summary>--format: none to detect, one for every run, or one per run.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>Values of the formats' own options (<see cref="TrainCompare.Formats.LogFormats.Options"/>: --loss-tag, --time-tag).</summary>
    public TrainCompare.Formats.FormatOptions FormatOptions { get; init; } = TrainCompare.Formats.FormatOptions.None;

    /// <summary>--pattern NAME=REGEX: user patterns that replace detection (step=, loss=, step_time=, ...).</summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];

    /// <summary>--time-unit of step_time patterns: ms, s or us.</summary>
    public string TimeUnit { get; init; } = "ms";

    /// <summary>--metric NAME=REGEX: more metrics read on top of any format.</summary>
    public IReadOnlyList<string> MetricPatterns { get; init; } = [];

    /// <summary>--rank: the rank read from multi-rank logs; null for the lowest present.</summary>
    public int? Rank { get; init; }

    public ComparisonOptions Options { get; init; } = new();

    /// <summary>The outputs to write, by <see cref="IOutput.Name"/> (<see cref="TrainCompare.Reports.Outputs.All"/>); the PNG charts by default.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = ["png"];

    /// <summary>Where the outputs go and how they are titled.</summary>
    public OutputSettings Output { get; init; } = new();

    /// <summary>Colours in the console tables (a terminal, and NO_COLOR unset).</summary>
    public bool Color { get; init; }

    /// <summary>Where to write how long each stage took (TRAINCMP_TIMINGS=1); null for nowhere.</summary>
    public TextWriter? Timings { get; init; }
}
