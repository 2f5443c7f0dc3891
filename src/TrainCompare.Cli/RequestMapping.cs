using System.CommandLine;
using TrainCompare.Analysis;
using TrainCompare.Formats;
using TrainCompare.Pipeline;
using TrainCompare.Reports;

namespace TrainCompare.Cli;

/// <summary>What was parsed, as a <see cref="ComparisonRequest"/>: the one place options become the pipeline's terms.</summary>
internal static class RequestMapping
{
    /// <summary>The request, or a one-line usage error (options that contradict each other, a missing variable).</summary>
    /// <param name="color">Whether the console summary may use colours (a terminal, NO_COLOR unset).</param>
    public static (ComparisonRequest? Request, string? Error) From(ParseResult parse, CliOptions o, IReadOnlyList<string> args, bool color,
        TextWriter stderr)
    {
        string? jsonPath = parse.GetValue(o.Json);
        string? summaryPath = null;
        if (parse.GetValue(o.GitHubSummary))
        {
            summaryPath = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
            if (string.IsNullOrEmpty(summaryPath))
            {
                return (null, "--github-summary needs $GITHUB_STEP_SUMMARY (set by GitHub Actions in every step), and it is not set");
            }
            if (parse.GetValue(o.Watch) is not null)
            {
                return (null, "--github-summary cannot be combined with --watch (it would append every refresh)");
            }
        }
        string plots = parse.GetValue(o.Plots)!;
        if (parse.GetValue(o.NoPlotsFlag))
        {
            if (parse.GetResult(o.Plots) is { Implicit: false } && plots != CliOptions.NoPlots)
            {
                return (null, $"--no-plots contradicts --plots {plots}");
            }
            plots = CliOptions.NoPlots;
        }
        var outputs = new List<string>();
        if (plots != CliOptions.NoPlots)
        {
            outputs.Add(plots);
        }
        outputs.AddRange(parse.GetValue(o.Report) ?? []);
        if (parse.GetValue(o.Mermaid))
        {
            outputs.Add("mermaid");
        }
        bool jsonFile = jsonPath is not null && jsonPath != "-"; // "-" is written to stdout by the command itself
        if (jsonFile)
        {
            outputs.Add("json");
        }
        if (summaryPath is not null)
        {
            outputs.Add("github-summary");
        }
        var formatOptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in o.FormatOptions)
        {
            if (parse.GetValue(option) is { } value)
            {
                formatOptions[option.Name] = value;
            }
        }
        int warmup = parse.GetValue(o.Warmup);
        var request = new ComparisonRequest
        {
            Baseline = parse.GetRequiredValue(o.Baseline),
            Compare = parse.GetValue(o.Compare) ?? [],
            Labels = parse.GetValue(o.Labels) ?? [],
            BaselineProfile = parse.GetValue(o.BaselineProfile),
            CompareProfiles = parse.GetValue(o.CompareProfile) ?? [],
            ProfileRegion = parse.GetValue(o.ProfileRegion)!,
            Formats = parse.GetValue(o.Format) ?? [],
            FormatOptions = new FormatOptions(formatOptions),
            Rank = parse.GetValue(o.Rank),
            Patterns = parse.GetValue(o.Pattern) ?? [],
            TimeUnit = parse.GetValue(o.TimeUnit)!,
            MetricPatterns = parse.GetValue(o.Metric) ?? [],
            Outputs = outputs,
            Output = new OutputSettings
            {
                Directory = parse.GetValue(o.OutputDir)!,
                TitlePrefix = parse.GetValue(o.TitlePrefix)!,
                FilePrefix = parse.GetValue(o.FilePrefix)!,
                CommandLine = TraincmpCommand.CommandLineOf(args),
                MermaidMaxPoints = parse.GetValue(o.MermaidMaxPoints),
                JsonPath = jsonFile ? jsonPath : null,
                GitHubSummaryPath = summaryPath,
            },
            Timings = Environment.GetEnvironmentVariable("TRAINCMP_TIMINGS") is "1" ? stderr : null,
            Color = color,
            Options = new ComparisonOptions
            {
                WarmupSteps = Math.Max(warmup, 0),
                AutoWarmup = warmup == OptionParsers.AutoWarmup,
                MaxSteps = parse.GetValue(o.MaxSteps) is > 0 and var m ? m : null,
                Alpha = parse.GetValue(o.Alpha),
                FinalWindow = parse.GetValue(o.FinalWindow),
                Smoothing = parse.GetValue(o.Smooth),
                LossTolerance = parse.GetValue(o.LossTolerance),
                Align = parse.GetValue(o.Align) == "relative" ? Alignment.Relative : Alignment.Step,
                Gates = new GateOptions
                {
                    MinSpeedup = parse.GetValue(o.MinSpeedup),
                    MaxLossDiff = parse.GetValue(o.MaxLossDiff),
                    FailOnNan = parse.GetValue(o.FailOnNan),
                },
            },
        };
        return (request, null);
    }
}
