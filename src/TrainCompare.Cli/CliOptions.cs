using System.CommandLine;
using TrainCompare.Analysis;
using TrainCompare.Formats;
using TrainCompare.Pipeline;
using TrainCompare.Reports;
using static TrainCompare.Cli.OptionParsers;

namespace TrainCompare.Cli;

/// <summary>
/// Every option of the command, declared once: names and defaults of the old script, help text, and the
/// parsers that check values. Defaults come from <see cref="ComparisonOptions"/>, <see cref="OutputSettings"/>
/// and <see cref="ComparisonRequest"/>; the values --plots, --report and --format take come from
/// <see cref="Outputs.All"/> and <see cref="LogFormats"/>. <see cref="RequestMapping"/> turns what was parsed into a request.
/// </summary>
internal sealed class CliOptions
{
    private static readonly ComparisonOptions Analysis = new();
    private static readonly OutputSettings Output = new();
    private static readonly ComparisonRequest Request = new() { Baseline = "" };

    public const double DefaultWatchSeconds = 5;

    /// <summary>--plots none: no chart files.</summary>
    public const string NoPlots = "none";

    public static IReadOnlyList<string> PlotValues { get; } = [.. Outputs.OfKind(OutputKind.Charts).Select(o => o.Name), NoPlots];

    public static IReadOnlyList<string> ReportValues { get; } = [.. Outputs.OfKind(OutputKind.Report).Select(o => o.Name)];

    public Option<string> Baseline { get; } = new("--baseline")
    {
        Description = "The reference run's log (required); a comma list or quoted glob reads repeats of it",
        Required = true,
        HelpName = "FILE",
    };

    public Option<string[]> Compare { get; } = new("--compare")
    {
        Description = "Logs to compare with the baseline, a run each; a comma list or quoted glob is one run's repeats",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        HelpName = "FILE...",
        DefaultValueFactory = _ => [],
    };

    public Option<string[]> Labels { get; } = new("--labels")
    {
        Description = "Names for the runs, baseline first [default: the file names without extension]",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        HelpName = "LABEL...",
        DefaultValueFactory = _ => [],
    };

    public Option<string?> BaselineProfile { get; } = new("--baseline-profile")
    {
        Description = "The baseline's tt-metal ops_perf_results*.csv or PyTorch trace (.json[.gz]); a comma list or glob "
                      + "reads one per rank",
        HelpName = "FILE",
    };

    public Option<string[]> CompareProfile { get; } = new("--compare-profile")
    {
        Description = "A profile per compare run, in --compare's order ('" + ComparisonRequest.NoProfile + "': none)",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        HelpName = "FILE...",
        DefaultValueFactory = _ => [],
    };

    public Option<string> ProfileRegion { get; } = new("--profile-region")
    {
        Description = "tt-metal ops read: after the last signpost, all, or steps from each signpost NAME",
        HelpName = "last|all|NAME",
        DefaultValueFactory = _ => Request.ProfileRegion,
    };

    public Option<string> OutputDir { get; } = new("--output-dir")
    {
        Description = "Where the charts and reports go (made if missing)",
        HelpName = "DIR",
        DefaultValueFactory = _ => Output.Directory,
    };

    public Option<int> Warmup { get; } = new("--warmup-steps")
    {
        Description = "Step times left out at the start of each run, or 'auto': where each run's step times settle",
        HelpName = "N|auto",
        DefaultValueFactory = _ => Analysis.WarmupSteps,
        CustomParser = OptionParsers.Warmup,
    };

    public Option<long> MaxSteps { get; } = new("--max-steps")
    {
        Description = "Loss charts end at step N (0: all steps)",
        HelpName = "N",
        CustomParser = r => NonNegative(r, long.MaxValue),
    };

    public Option<string> TitlePrefix { get; } = new("--title-prefix")
    {
        Description = "Text in front of every chart title (e.g. 'NanoLlama SiLU ')",
        HelpName = "TEXT",
        DefaultValueFactory = _ => Output.TitlePrefix,
    };

    public Option<string> FilePrefix { get; } = new("--file-prefix")
    {
        Description = "Text in front of every output file name (other than letters, digits, '.', '_', '-' becomes '_')",
        HelpName = "TEXT",
        DefaultValueFactory = _ => Output.FilePrefix,
    };

    public Option<double?> Watch { get; } = new("--watch")
    {
        Description = "Follow the logs while training runs: every SECONDS (default " + DefaultWatchSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
                      + "), read what was appended and redo the summary and charts; Ctrl-C stops",
        HelpName = "SECONDS",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r => Seconds(r, DefaultWatchSeconds),
    };

    public Option<string[]> Format { get; } = new("--format")
    {
        Description = "The log format, instead of detecting it: one for all runs, or one per run ('auto' detects). "
                      + "Known: " + string.Join(", ", LogFormats.Names),
        HelpName = "NAME",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        DefaultValueFactory = _ => [],
    };

    public Option<string[]> Pattern { get; } = new("--pattern")
    {
        Description = "Your own patterns instead of a format: step=REGEX (required), loss=, step_time=, any NAME=; "
                      + "the number is group 'value' or the first group",
        HelpName = "NAME=REGEX",
        DefaultValueFactory = _ => [],
    };

    public Option<string> TimeUnit { get; } = new("--time-unit")
    {
        Description = "The unit of what a step_time pattern reads",
        HelpName = "ms|s|us",
        DefaultValueFactory = _ => Request.TimeUnit,
    };

    public Option<string[]> Metric { get; } = new("--metric")
    {
        Description = "One more metric, read with any format, with its own chart (its step: group 'step', else the "
                      + "line's step)",
        HelpName = "NAME=REGEX",
        DefaultValueFactory = _ => [],
    };

    /// <summary>The formats' own options (TensorBoard's --loss-tag, --time-tag), declared by the formats.</summary>
    public IReadOnlyList<Option<string?>> FormatOptions { get; } =
        [.. LogFormats.Options.Select(o => new Option<string?>(o.Name) { Description = o.Description, HelpName = o.HelpName })];

    public Option<string> Plots { get; } = new("--plots")
    {
        Description = "Chart files: " + string.Join(", ", Outputs.OfKind(OutputKind.Charts).Select(o => $"{o.Name} ({o.Description})"))
                      + $", or {NoPlots}",
        HelpName = string.Join('|', PlotValues),
        DefaultValueFactory = _ => Request.Outputs.Single(n => PlotValues.Contains(n)),
    };

    public Option<bool> NoPlotsFlag { get; } = new("--no-plots")
    {
        Description = "--plots none, as the tt-train script spells it",
    };

    public Option<string[]> Report { get; } = new("--report")
    {
        Description = "Reports, a comma list: " + string.Join(", ", Outputs.OfKind(OutputKind.Report).Select(o => $"{o.Name} ({o.Description})")),
        HelpName = string.Join(',', ReportValues),
        DefaultValueFactory = _ => [],
        CustomParser = r => CommaList(r, ReportValues),
    };

    public Option<bool> Mermaid { get; } = new("--mermaid")
    {
        Description = "Also write " + Outputs.Find("mermaid")!.Description,
    };

    public Option<int> MermaidMaxPoints { get; } = new("--mermaid-max-points")
    {
        Description = "The most points in a Mermaid chart",
        HelpName = "N",
        DefaultValueFactory = _ => Output.MermaidMaxPoints,
        CustomParser = r => (int)Number(r, Output.MermaidMaxPoints, v => v >= 2 && v <= 100_000 && Math.Floor(v) == v, "a whole number from 2 to 100000"),
    };

    public Option<bool> GitHubSummary { get; } = new("--github-summary")
    {
        Description = "Append summary.md (with --mermaid's charts) to $GITHUB_STEP_SUMMARY, GitHub's job summary",
    };

    public Option<int?> Rank { get; } = new("--rank")
    {
        Description = "The rank read from multi-rank logs ('[Rank 3] ...') [default: the lowest]",
        HelpName = "N",
        CustomParser = r => (int)Number(r, 0, v => v >= 0 && v <= int.MaxValue && Math.Floor(v) == v, "a whole number of at least 0"),
    };

    public Option<double> Alpha { get; } = new("--alpha")
    {
        Description = "Significance level of the speedup verdict: faster or slower only when p < ALPHA, otherwise ~ (same)",
        HelpName = "ALPHA",
        DefaultValueFactory = _ => Analysis.Alpha,
        CustomParser = r => Number(r, Analysis.Alpha, v => v is > 0 and < 1, "a number between 0 and 1"),
    };

    public Option<int> FinalWindow { get; } = new("--final-window")
    {
        Description = "Losses averaged at the end of each run: the final loss and its difference",
        HelpName = "N",
        DefaultValueFactory = _ => Analysis.FinalWindow,
        CustomParser = r => (int)Number(r, Analysis.FinalWindow, v => v >= 1 && v <= int.MaxValue && Math.Floor(v) == v, "a whole number of at least 1"),
    };

    public Option<string?> Json { get; } = new("--json")
    {
        Description = "Everything the summary shows, as JSON (docs/json.md); '-': to stdout, the summary to stderr",
        HelpName = "PATH",
    };

    public Option<double?> MinSpeedup { get; } = new("--min-speedup")
    {
        Description = "Check: fail (exit 1) when the upper end of a run's speedup interval is below X",
        HelpName = "X",
        CustomParser = r => Number(r, 0, v => v > 0, "a number above 0"),
    };

    public Option<double?> MaxLossDiff { get; } = new("--max-loss-diff")
    {
        Description = "Check: fail (exit 1) when a run's |final-window mean loss difference| exceeds X",
        HelpName = "X",
        CustomParser = r => Number(r, 0, v => v >= 0, "a number of at least 0"),
    };

    public Option<double> Smooth { get; } = new("--smooth")
    {
        Description = "Smooth losses with TensorBoard's debiased moving average, F in [0, 1): charts draw it over the raw "
                      + "loss, and divergence is judged on it",
        HelpName = "F",
        DefaultValueFactory = _ => Analysis.Smoothing,
        CustomParser = r => Number(r, Analysis.Smoothing, v => v is >= 0 and < 1, "a number in [0, 1)"),
    };

    public Option<double?> LossTolerance { get; } = new("--loss-tolerance")
    {
        Description = "A run diverges at the first step where its |smoothed loss difference| exceeds X [default: from the baseline's own noise]",
        HelpName = "X",
        CustomParser = r => Number(r, 0, v => v > 0, "a number above 0"),
    };

    public Option<string> Align { get; } = new("--align")
    {
        Description = "Line runs up by the logged step, or by steps since each run's first (fine-tunes from other checkpoints)",
        HelpName = "step|relative",
        DefaultValueFactory = _ => Analysis.Align == Alignment.Relative ? "relative" : "step",
    };

    public Option<bool> FailOnNan { get; } = new("--fail-on-nan")
    {
        Description = "Fail when a run has a nan or inf loss",
    };

    public CliOptions()
    {
        OneOf(TimeUnit, "ms", "s", "us");
        OneOf(Plots, [.. PlotValues]);
        OneOf(Align, "step", "relative");
    }

    /// <summary>The options by what they are for, in the order --help and docs/options.md list them.</summary>
    public IReadOnlyList<(string Title, IReadOnlyList<Option> Options)> Sections =>
    [
        ("Runs", [Baseline, Compare, Labels]),
        ("Outputs", [OutputDir, Plots, NoPlotsFlag, Report, Json, Mermaid, MermaidMaxPoints, GitHubSummary, TitlePrefix, FilePrefix, MaxSteps, Watch]),
        ("Checks (exit code 1 when one fails)", [MinSpeedup, MaxLossDiff, FailOnNan]),
        ("Analysis", [Warmup, FinalWindow, Alpha, Smooth, LossTolerance, Align]),
        ("Profiles (where the time went)", [BaselineProfile, CompareProfile, ProfileRegion]),
        ("Reading logs", [Format, Rank, Pattern, TimeUnit, Metric, .. FormatOptions]),
    ];

    /// <summary>Every option, in the order --help lists them.</summary>
    public IEnumerable<Option> All => Sections.SelectMany(s => s.Options);
}
