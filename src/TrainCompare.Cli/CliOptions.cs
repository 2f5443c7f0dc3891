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
        Description = "Baseline log file (the reference for every comparison); a comma list or quoted glob reads repeats of it",
        Required = true,
        HelpName = "FILE",
    };

    public Option<string[]> Compare { get; } = new("--compare")
    {
        Description = "Log files to compare against the baseline; each may be a comma list or quoted glob of repeats",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        HelpName = "FILE...",
        DefaultValueFactory = _ => [],
    };

    public Option<string[]> Labels { get; } = new("--labels")
    {
        Description = "Labels for the runs, baseline first, then the compare runs [default: file names without extension]",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        HelpName = "LABEL...",
        DefaultValueFactory = _ => [],
    };

    public Option<string?> BaselineProfile { get; } = new("--baseline-profile")
    {
        Description = "The baseline's profiler file, to show where the time went: a tt-metal ops_perf_results*.csv or a PyTorch "
                      + "profiler trace (.json, .json.gz); a comma list or quoted glob reads several (one per rank) (docs/profiles.md)",
        HelpName = "FILE",
    };

    public Option<string[]> CompareProfile { get; } = new("--compare-profile")
    {
        Description = "Each compare run's profiler file, in --compare's order ('" + ComparisonRequest.NoProfile + "' for a run without one)",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        HelpName = "FILE...",
        DefaultValueFactory = _ => [],
    };

    public Option<string> ProfileRegion { get; } = new("--profile-region")
    {
        Description = "Which ops of a tt-metal profile are read: those after the last signpost (last, as tt-perf-report), every op (all), "
                      + "or NAME: each signpost or tt-train marker NAME starts a step that runs to the next",
        HelpName = "last|all|NAME",
        DefaultValueFactory = _ => Request.ProfileRegion,
    };

    public Option<string> OutputDir { get; } = new("--output-dir")
    {
        Description = "Directory for the plots and reports (created if missing)",
        HelpName = "DIR",
        DefaultValueFactory = _ => Output.Directory,
    };

    public Option<int> Warmup { get; } = new("--warmup-steps")
    {
        Description = "Step times skipped at the start of each run for the step time statistics, or 'auto' to find "
                      + "where each run's step times settle (the run line says where)",
        HelpName = "N|auto",
        DefaultValueFactory = _ => Analysis.WarmupSteps,
        CustomParser = OptionParsers.Warmup,
    };

    public Option<long> MaxSteps { get; } = new("--max-steps")
    {
        Description = "Loss plots show steps up to step N [default: all; 0 also means all]",
        HelpName = "N",
        CustomParser = r => NonNegative(r, long.MaxValue),
    };

    public Option<string> TitlePrefix { get; } = new("--title-prefix")
    {
        Description = "Text put in front of every plot title (e.g. 'NanoLlama SiLU ')",
        HelpName = "TEXT",
        DefaultValueFactory = _ => Output.TitlePrefix,
    };

    public Option<string> FilePrefix { get; } = new("--file-prefix")
    {
        Description = "Text put in front of every output file name; characters other than letters, digits, '.', '_', '-' become '_'",
        HelpName = "TEXT",
        DefaultValueFactory = _ => Output.FilePrefix,
    };

    public Option<double?> Watch { get; } = new("--watch")
    {
        Description = "Keep following the logs while training runs: read what is appended every SECONDS (the value may be left out) "
                      + $"and redraw the summary and rewrite the plots when they grow; Ctrl-C stops [default interval: {DefaultWatchSeconds}]",
        HelpName = "SECONDS",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = r => Seconds(r, DefaultWatchSeconds),
    };

    public Option<string[]> Format { get; } = new("--format")
    {
        Description = "Log format instead of detecting it: one for every run, or one per run in order ('auto' detects that one). "
                      + "Known: " + string.Join(", ", LogFormats.Names),
        HelpName = "NAME",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        DefaultValueFactory = _ => [],
    };

    public Option<string[]> Pattern { get; } = new("--pattern")
    {
        Description = "Read logs with your own patterns instead of a known format: step=REGEX (required), loss=REGEX, "
                      + "step_time=REGEX, any NAME=REGEX; the number is the group named 'value', or the first group",
        HelpName = "NAME=REGEX",
        DefaultValueFactory = _ => [],
    };

    public Option<string> TimeUnit { get; } = new("--time-unit")
    {
        Description = "Unit of the numbers a step_time pattern finds",
        HelpName = "ms|s|us",
        DefaultValueFactory = _ => Request.TimeUnit,
    };

    public Option<string[]> Metric { get; } = new("--metric")
    {
        Description = "Read one more metric, with any format: NAME=REGEX; it gets its own chart and rows "
                      + "(its step: a group named 'step', else the last step the format read)",
        HelpName = "NAME=REGEX",
        DefaultValueFactory = _ => [],
    };

    /// <summary>The formats' own options (TensorBoard's --loss-tag, --time-tag), declared by the formats.</summary>
    public IReadOnlyList<Option<string?>> FormatOptions { get; } =
        [.. LogFormats.Options.Select(o => new Option<string?>(o.Name) { Description = o.Description, HelpName = o.HelpName })];

    public Option<string> Plots { get; } = new("--plots")
    {
        Description = "Chart files to write: " + string.Join(", ", Outputs.OfKind(OutputKind.Charts).Select(o => $"{o.Name} ({o.Description})"))
                      + $", or {NoPlots}",
        HelpName = string.Join('|', PlotValues),
        DefaultValueFactory = _ => Request.Outputs.Single(n => PlotValues.Contains(n)),
    };

    public Option<bool> NoPlotsFlag { get; } = new("--no-plots")
    {
        Description = "The same as --plots none (the tt-train script's spelling)",
    };

    public Option<string[]> Report { get; } = new("--report")
    {
        Description = "Reports to write next to the plots: " + string.Join(", ", Outputs.OfKind(OutputKind.Report).Select(o => $"{o.Name} ({o.Description})"))
                      + "; a comma list, or the option repeated",
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
        Description = "The most points per Mermaid chart: runs are resampled onto one shared step grid of at most N steps",
        HelpName = "N",
        DefaultValueFactory = _ => Output.MermaidMaxPoints,
        CustomParser = r => (int)Number(r, Output.MermaidMaxPoints, v => v >= 2 && v <= 100_000 && Math.Floor(v) == v, "a whole number from 2 to 100000"),
    };

    public Option<bool> GitHubSummary { get; } = new("--github-summary")
    {
        Description = "Append the Markdown summary (with the Mermaid charts when --mermaid is given) to the file "
                      + "named by $GITHUB_STEP_SUMMARY (GitHub Actions' job summary)",
    };

    public Option<int?> Rank { get; } = new("--rank")
    {
        Description = "In multi-rank logs ('[Rank 3] ...', '[rank3]:'), read rank N [default: the lowest rank present]",
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
        Description = "Losses averaged at the end of each run for the final loss and the final loss difference",
        HelpName = "N",
        DefaultValueFactory = _ => Analysis.FinalWindow,
        CustomParser = r => (int)Number(r, Analysis.FinalWindow, v => v >= 1 && v <= int.MaxValue && Math.Floor(v) == v, "a whole number of at least 1"),
    };

    public Option<string?> Json { get; } = new("--json")
    {
        Description = "Write everything the console shows as JSON to PATH (docs/json.md); '-' writes it to stdout and the summary to stderr",
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
        Description = "Smooth losses with an exponential moving average, as TensorBoard's slider (debiased); F in [0, 1). "
                      + "Loss plots draw each run raw and faint with the smoothed line over it; divergence is judged on the smoothed difference",
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
        Description = "Line runs up by the logged step, or by steps since each run's first logged step (fine-tunes from different checkpoints)",
        HelpName = "step|relative",
        DefaultValueFactory = _ => Analysis.Align == Alignment.Relative ? "relative" : "step",
    };

    public Option<bool> FailOnNan { get; } = new("--fail-on-nan")
    {
        Description = "Check: fail (exit 1) when any run has a non-finite loss (nan, inf)",
    };

    public CliOptions()
    {
        OneOf(TimeUnit, "ms", "s", "us");
        OneOf(Plots, [.. PlotValues]);
        OneOf(Align, "step", "relative");
    }

    /// <summary>Every option, in the order --help lists them.</summary>
    public IEnumerable<Option> All =>
    [
        Baseline, Compare, Labels, BaselineProfile, CompareProfile, ProfileRegion, OutputDir, Warmup, MaxSteps, TitlePrefix, FilePrefix, Watch, Format, Rank,
        Pattern, TimeUnit, Metric, .. FormatOptions, Plots, NoPlotsFlag, Report, Mermaid, MermaidMaxPoints, GitHubSummary,
        Alpha, FinalWindow, Smooth, LossTolerance, Align, Json, MinSpeedup, MaxLossDiff, FailOnNan,
    ];
}
