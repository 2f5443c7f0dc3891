using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using TrainCompare.Analysis;
using TrainCompare.Reports;

namespace TrainCompare.Cli;

/// <summary>
/// The command line: the old script's options under the same names and defaults. Thin on purpose:
/// it turns options into a <see cref="ComparisonRequest"/>, runs the pipeline and picks the exit code.
/// </summary>
public static class TraincmpCommand
{
    public const int ExitOk = 0;
    /// <summary>A check (--min-speedup, --max-loss-diff, --fail-on-nan) failed.</summary>
    public const int ExitCheckFailed = 1;
    public const int ExitUsageOrInput = 2;

    public const string Examples = """

        Examples:
          # Compare a baseline against an optimized run
          traincmp --baseline run_baseline.txt --compare run_optimized.txt

          # Several runs with custom labels and a title prefix
          traincmp --baseline baseline.txt --compare fusion_v1.txt fusion_v2.txt \
              --labels baseline fusion-v1 fusion-v2 --title-prefix "SiLU Kernel "

          # Choose the output directory, prefix the file names, limit the loss plots to 5000 steps
          traincmp --baseline run1.txt --compare run2.txt --output-dir ./my_plots \
              --file-prefix nano_gpt_n300_ --max-steps 5000

          # Repeats of each configuration (quoted globs or comma lists), smoothed loss plots, JSON for scripts
          traincmp --baseline 'base_seed*.txt' --compare 'fused_seed*.txt' --smooth 0.6 --json report.json

          # Gate a CI job: no slower than 2% faster, final loss within 0.01, no nan
          traincmp --baseline base.txt --compare fused.txt --min-speedup 1.02 --max-loss-diff 0.01 --fail-on-nan

        Exit codes: 0 success, 1 a check failed, 2 usage or input error, 70 internal error (a bug).
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var baseline = new Option<string>("--baseline")
        {
            Description = "Baseline log file (the reference for every comparison); a comma list or quoted glob reads repeats of it",
            Required = true,
            HelpName = "FILE",
        };
        var compare = new Option<string[]>("--compare")
        {
            Description = "Log files to compare against the baseline; each may be a comma list or quoted glob of repeats",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
            HelpName = "FILE...",
            DefaultValueFactory = _ => [],
        };
        var labels = new Option<string[]>("--labels")
        {
            Description = "Labels for the runs, baseline first, then the compare runs [default: file names without extension]",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
            HelpName = "LABEL...",
            DefaultValueFactory = _ => [],
        };
        var outputDir = new Option<string>("--output-dir")
        {
            Description = "Directory for the plots (created if missing)",
            HelpName = "DIR",
            DefaultValueFactory = _ => ".",
        };
        // AutoWarmup (-1) stands for "auto": each run's warm-up found from its step times
        var warmup = new Option<int>("--warmup-steps")
        {
            Description = "Step times skipped at the start of each run for the step time statistics, or 'auto' to find "
                          + "where each run's step times settle (the run line says where)",
            HelpName = "N|auto",
            DefaultValueFactory = _ => 15,
            CustomParser = r => r.Tokens.Count == 1 && r.Tokens[0].Value == "auto" ? AutoWarmup
                : r.Tokens.Count == 1 && !long.TryParse(r.Tokens[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? Error(r, $"--warmup-steps takes a whole number or 'auto', not '{r.Tokens[0].Value}'")
                    : (int)ParseNonNegative(r, int.MaxValue),
        };
        var maxSteps = new Option<long>("--max-steps")
        {
            Description = "Loss plots show steps up to step N [default: all; 0 also means all]",
            HelpName = "N",
            CustomParser = r => ParseNonNegative(r, long.MaxValue),
        };
        var titlePrefix = new Option<string>("--title-prefix")
        {
            Description = "Text put in front of every plot title (e.g. 'NanoLlama SiLU ')",
            HelpName = "TEXT",
            DefaultValueFactory = _ => "",
        };
        var filePrefix = new Option<string>("--file-prefix")
        {
            Description = "Text put in front of every output file name; characters other than letters, digits, '.', '_', '-' become '_'",
            HelpName = "TEXT",
            DefaultValueFactory = _ => "",
        };

        var watch = new Option<double?>("--watch")
        {
            Description = "Keep following the logs while training runs: read what is appended every SECONDS and "
                          + "re-render the summary and plots when they grow; Ctrl-C stops [default interval: 5]",
            HelpName = "SECONDS",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r => r.Tokens.Count == 0 ? DefaultWatchSeconds : ParsePositiveSeconds(r),
        };

        var format = new Option<string[]>("--format")
        {
            Description = "Log format instead of detecting it: one for every run, or one per run in order ('auto' detects that one). "
                          + "Known: " + string.Join(", ", TrainCompare.Formats.LogFormats.All.Select(f => f.Name)),
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
            DefaultValueFactory = _ => [],
        };
        var pattern = new Option<string[]>("--pattern")
        {
            Description = "Read logs with your own patterns instead of a known format: step=REGEX (required), loss=REGEX, "
                          + "step_time=REGEX, any NAME=REGEX; the number is the group named 'value', or the first group",
            HelpName = "NAME=REGEX",
            DefaultValueFactory = _ => [],
        };
        var timeUnit = new Option<string>("--time-unit")
        {
            Description = "Unit of the numbers a step_time pattern finds",
            HelpName = "ms|s|us",
            DefaultValueFactory = _ => "ms",
        };
        OneOf(timeUnit, "ms", "s", "us");
        var metric = new Option<string[]>("--metric")
        {
            Description = "Read one more metric, with any format: NAME=REGEX; it gets its own chart and rows "
                          + "(its step: a group named 'step', else the last step the format read)",
            HelpName = "NAME=REGEX",
            DefaultValueFactory = _ => [],
        };
        var plots = new Option<string>("--plots")
        {
            Description = "Chart files to write: PNG, the same charts as SVG, or none",
            HelpName = "png|svg|none",
            DefaultValueFactory = _ => "png",
        };
        OneOf(plots, "png", "svg", "none");
        var noPlots = new Option<bool>("--no-plots")
        {
            Description = "The same as --plots none (the tt-train script's spelling)",
        };
        var report = new Option<string[]>("--report")
        {
            Description = "Reports to write next to the plots: md (summary.md, for PRs), html (report.html, self-contained), "
                          + "csv (series.csv, every metric in long format); a comma list, or the option repeated",
            HelpName = "md,html,csv",
            DefaultValueFactory = _ => [],
            CustomParser = ParseReports,
        };
        var mermaid = new Option<bool>("--mermaid")
        {
            Description = "Also write losses.md, losses_diff.md and step_time.md: Mermaid charts that GitHub renders, "
                          + "also put in summary.md and the job summary",
        };
        var mermaidMaxPoints = new Option<int>("--mermaid-max-points")
        {
            Description = "The most points per Mermaid chart: runs are resampled onto one shared step grid of at most N steps",
            HelpName = "N",
            DefaultValueFactory = _ => TrainCompare.Reports.MermaidCharts.DefaultMaxPoints,
            CustomParser = r => (int)ParseNumber(r, TrainCompare.Reports.MermaidCharts.DefaultMaxPoints,
                v => v >= 2 && v <= 100_000 && Math.Floor(v) == v, "a whole number from 2 to 100000"),
        };
        var githubSummary = new Option<bool>("--github-summary")
        {
            Description = "Append the Markdown summary (with the Mermaid charts when --mermaid is given) to the file "
                          + "named by $GITHUB_STEP_SUMMARY (GitHub Actions' job summary)",
        };
        var lossTag = new Option<string?>("--loss-tag")
        {
            Description = "TensorBoard: the scalar tag read as the loss [default: the first of "
                          + string.Join(", ", TrainCompare.Formats.TensorBoard.TensorBoardReader.DefaultLossTags) + "]",
            HelpName = "TAG",
        };
        var timeTag = new Option<string?>("--time-tag")
        {
            Description = "TensorBoard: the scalar tag read as the step time, in ms unless its name says seconds [default: the first of "
                          + string.Join(", ", TrainCompare.Formats.TensorBoard.TensorBoardReader.DefaultTimeTags) + "]",
            HelpName = "TAG",
        };
        var rank = new Option<int?>("--rank")
        {
            Description = "In multi-rank logs ('[Rank 3] ...', '[rank3]:'), read rank N [default: the lowest rank present]",
            HelpName = "N",
            CustomParser = r => (int)ParseNumber(r, 0, v => v >= 0 && v <= int.MaxValue && Math.Floor(v) == v, "a whole number of at least 0"),
        };
        var alpha = new Option<double>("--alpha")
        {
            Description = "Significance level of the speedup verdict: faster or slower only when p < ALPHA, otherwise ~ (same)",
            HelpName = "ALPHA",
            DefaultValueFactory = _ => 0.05,
            CustomParser = r => ParseNumber(r, 0.05, v => v is > 0 and < 1, "a number between 0 and 1"),
        };
        var finalWindow = new Option<int>("--final-window")
        {
            Description = "Losses averaged at the end of each run for the final loss and the final loss difference",
            HelpName = "N",
            DefaultValueFactory = _ => 100,
            CustomParser = r => (int)ParseNumber(r, 100, v => v >= 1 && v <= int.MaxValue && Math.Floor(v) == v, "a whole number of at least 1"),
        };
        var json = new Option<string?>("--json")
        {
            Description = "Write everything the console shows as JSON to PATH (docs/json.md); '-' writes it to stdout and the summary to stderr",
            HelpName = "PATH",
        };
        var minSpeedup = new Option<double?>("--min-speedup")
        {
            Description = "Check: fail (exit 1) when the upper end of a run's speedup interval is below X",
            HelpName = "X",
            CustomParser = r => ParseNumber(r, 0, v => v > 0, "a number above 0"),
        };
        var maxLossDiff = new Option<double?>("--max-loss-diff")
        {
            Description = "Check: fail (exit 1) when a run's |final-window mean loss difference| exceeds X",
            HelpName = "X",
            CustomParser = r => ParseNumber(r, 0, v => v >= 0, "a number of at least 0"),
        };
        var smooth = new Option<double>("--smooth")
        {
            Description = "Smooth losses with an exponential moving average, as TensorBoard's slider (debiased); F in [0, 1). "
                          + "Loss plots draw each run raw and faint with the smoothed line over it; divergence is judged on the smoothed difference",
            HelpName = "F",
            CustomParser = r => ParseNumber(r, 0, v => v is >= 0 and < 1, "a number in [0, 1)"),
        };
        var lossTolerance = new Option<double?>("--loss-tolerance")
        {
            Description = "A run diverges at the first step where its |smoothed loss difference| exceeds X [default: from the baseline's own noise]",
            HelpName = "X",
            CustomParser = r => ParseNumber(r, 0, v => v > 0, "a number above 0"),
        };
        var align = new Option<string>("--align")
        {
            Description = "Line runs up by the logged step, or by steps since each run's first logged step (fine-tunes from different checkpoints)",
            HelpName = "step|relative",
            DefaultValueFactory = _ => "step",
        };
        OneOf(align, "step", "relative");
        var failOnNan = new Option<bool>("--fail-on-nan")
        {
            Description = "Check: fail (exit 1) when any run has a non-finite loss (nan, inf)",
        };

        var root = new RootCommand("traincmp: compare training runs from their logs: loss curves, loss difference against a baseline, step time and speedup.")
        {
            baseline, compare, labels, outputDir, warmup, maxSteps, titlePrefix, filePrefix, watch, format, rank,
            pattern, timeUnit, metric, lossTag, timeTag, plots, noPlots, report, mermaid, mermaidMaxPoints, githubSummary,
            alpha, finalWindow, smooth, lossTolerance, align, json, minSpeedup, maxLossDiff, failOnNan,
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExamples((HelpAction)help.Action!);

        root.SetAction(parse =>
        {
            string? jsonPath = parse.GetValue(json);
            bool jsonToStdout = jsonPath == "-";
            var summary = jsonToStdout ? stderr : stdout; // with --json -, stdout carries the JSON alone
            bool color = !jsonToStdout && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out)
                         && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
            string? summaryPath = null;
            if (parse.GetValue(githubSummary))
            {
                summaryPath = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
                string? problem = string.IsNullOrEmpty(summaryPath)
                    ? "--github-summary needs $GITHUB_STEP_SUMMARY (set by GitHub Actions in every step), and it is not set"
                    : parse.GetValue(watch) is not null ? "--github-summary cannot be combined with --watch (it would append every refresh)" : null;
                if (problem is not null)
                {
                    stderr.WriteLine($"traincmp: error: {problem} (see traincmp --help)");
                    return ExitUsageOrInput;
                }
            }
            if (parse.GetValue(noPlots) && parse.GetResult(plots) is { Implicit: false } && parse.GetValue(plots) != "none")
            {
                stderr.WriteLine($"traincmp: error: --no-plots contradicts --plots {parse.GetValue(plots)} (see traincmp --help)");
                return ExitUsageOrInput;
            }
            var request = new ComparisonRequest
            {
                Baseline = parse.GetRequiredValue(baseline),
                Compare = parse.GetValue(compare) ?? [],
                Labels = parse.GetValue(labels) ?? [],
                Formats = parse.GetValue(format) ?? [],
                Rank = parse.GetValue(rank),
                Patterns = parse.GetValue(pattern) ?? [],
                TimeUnit = parse.GetValue(timeUnit) ?? "ms",
                MetricPatterns = parse.GetValue(metric) ?? [],
                LossTag = parse.GetValue(lossTag),
                Plots = parse.GetValue(noPlots) ? "none" : parse.GetValue(plots) ?? "png",
                TimeTag = parse.GetValue(timeTag),
                OutputDir = parse.GetValue(outputDir) ?? ".",
                TitlePrefix = parse.GetValue(titlePrefix) ?? "",
                FilePrefix = parse.GetValue(filePrefix) ?? "",
                Timings = Environment.GetEnvironmentVariable("TRAINCMP_TIMINGS") is "1" ? stderr : null,
                Color = color,
                JsonPath = jsonPath,
                Reports = new HashSet<string>(parse.GetValue(report) ?? [], StringComparer.Ordinal),
                Mermaid = parse.GetValue(mermaid),
                MermaidMaxPoints = parse.GetValue(mermaidMaxPoints),
                GitHubSummaryPath = summaryPath,
                CommandLine = CommandLineOf(args),
                Options = new ComparisonOptions
                {
                    WarmupSteps = Math.Max(parse.GetValue(warmup), 0),
                    AutoWarmup = parse.GetValue(warmup) == AutoWarmup,
                    MaxSteps = parse.GetValue(maxSteps) is > 0 and var m ? m : null,
                    Alpha = parse.GetValue(alpha),
                    FinalWindow = parse.GetValue(finalWindow),
                    Smoothing = parse.GetValue(smooth),
                    LossTolerance = parse.GetValue(lossTolerance),
                    Align = parse.GetValue(align) == "relative" ? Alignment.Relative : Alignment.Step,
                    Gates = new GateOptions
                    {
                        MinSpeedup = parse.GetValue(minSpeedup),
                        MaxLossDiff = parse.GetValue(maxLossDiff),
                        FailOnNan = parse.GetValue(failOnNan),
                    },
                },
            };
            if (parse.GetValue(watch) is { } seconds)
            {
                return RunWatch(request, TimeSpan.FromSeconds(seconds), summary, stderr);
            }
            // the bar is gone before the summary starts: only reading runs under it
            var comparison = ComparisonPipeline.Report(request, ReadProgress.Load(request), summary);
            if (jsonToStdout)
            {
                summary.Flush();
                stdout.Write(System.Text.Encoding.UTF8.GetString(JsonReport.Render(comparison)));
                stdout.Flush();
            }
            foreach (var gate in comparison.Gates.Where(g => !g.Passed))
            {
                stderr.WriteLine($"traincmp: check failed: {gate.Message}");
            }
            return comparison.GatesPassed ? ExitOk : ExitCheckFailed;
        });

        // no response files: an argument starting with '@' (a label, a file name) is just that argument
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is ParseErrorAction)
        {
            // one line: the first error, and where to look
            stderr.WriteLine($"traincmp: error: {OneLine(parseResult.Errors[0].Message)} (see traincmp --help)");
            return ExitUsageOrInput;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parseResult.Invoke(config);
        }
        catch (Exception e)
        {
            return ReportFailure(e, stdout, stderr);
        }
    }

    /// <summary>A bug: not a failed check (1) nor the user's input (2); sysexits' EX_SOFTWARE.</summary>
    public const int ExitInternalError = 70;

    /// <summary>Set to 1 to get the stack trace of an internal error.</summary>
    public const string DebugVariable = "TRAINCMP_DEBUG";

    /// <summary>
    /// One line on stderr for an exception, and its exit code: what the user can cause and fix (bad input, a
    /// pattern that backtracks forever, a file that cannot be read or written) is 2; anything else is a bug, 70,
    /// with the stack trace only when <see cref="DebugVariable"/> is 1.
    /// </summary>
    public static int ReportFailure(Exception exception, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var e = Unwrap(exception);
        stdout.Flush();
        string? message = e switch
        {
            TrainCompareException t => t.Message,
            System.Text.RegularExpressions.RegexMatchTimeoutException r =>
                $"the regular expression '{r.Pattern}' took longer than {r.MatchTimeout.TotalSeconds:0.###} s on one line "
                + "(nested repetition such as (a+)+ backtracks without end); simplify it",
            IOException or UnauthorizedAccessException => e.Message,
            _ => null,
        };
        if (message is not null)
        {
            stderr.WriteLine($"traincmp: error: {OneLine(message)}");
            return ExitUsageOrInput;
        }
        bool debug = Environment.GetEnvironmentVariable(DebugVariable) is "1";
        stderr.WriteLine($"traincmp: internal error: {e.GetType().Name}: {OneLine(e.Message)}"
                         + (debug ? "" : $" (a bug; {DebugVariable}=1 prints the stack trace)"));
        if (debug)
        {
            stderr.WriteLine(exception.ToString());
        }
        return ExitInternalError;
    }

    /// <summary>The exception behind Parallel.For's and reflection's wrappers.</summary>
    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: > 0 } a:
                    e = a.Flatten().InnerExceptions[0];
                    break;
                case System.Reflection.TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    break;
                default:
                    return e;
            }
        }
    }

    private static string OneLine(string text) => string.Join(' ',
        text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>An option that takes one of <paramref name="values"/>; a one-line error naming them otherwise.</summary>
    private static void OneOf(Option<string> option, params string[] values)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!values.Contains(token.Value, StringComparer.Ordinal))
                {
                    string accepted = string.Join(", ", values[..^1]) + " or " + values[^1];
                    result.AddError($"{option.Name} takes {accepted}, not '{token.Value}'");
                    return;
                }
            }
        });
        option.CompletionSources.Add(values);
    }

    public const double DefaultWatchSeconds = 5;

    /// <summary>The reports --report knows.</summary>
    public static readonly string[] ReportKinds = ["md", "html", "csv"];

    /// <summary>--report md,html --report csv: comma lists, repeated, each name known.</summary>
    private static string[] ParseReports(ArgumentResult result)
    {
        var kinds = new List<string>();
        foreach (var token in result.Tokens)
        {
            foreach (string kind in token.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!ReportKinds.Contains(kind, StringComparer.Ordinal))
                {
                    result.AddError($"--report takes {string.Join(", ", ReportKinds)} (a comma list), not '{kind}'");
                    return [];
                }
                kinds.Add(kind);
            }
        }
        return [.. kinds.Distinct()];
    }

    /// <summary>The command as a POSIX shell would take it back: arguments with anything but safe characters single-quoted.</summary>
    public static string CommandLineOf(IEnumerable<string> args) =>
        "traincmp " + string.Join(' ', args.Select(ShellQuote));

    private static string ShellQuote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Watch until Ctrl-C or SIGTERM; the report being written when it comes is finished first.</summary>
    private static int RunWatch(ComparisonRequest request, TimeSpan interval, TextWriter stdout, TextWriter stderr)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // end cleanly, not by the runtime's default kill
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
            {
                ctx.Cancel = true;
                stop.Cancel();
            });
        // a terminal redraws each report in place; a file, pipe or CI log gets each one appended
        using var screen = WatchScreen.ForTerminal(stdout);
        try
        {
            ComparisonPipeline.Watch(request, stdout, stderr, interval, stop.Token, display: screen is null ? null : screen.Show);
            screen?.Finish();
            stdout.WriteLine("Stopped watching; every output is complete.");
            return ExitOk;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>A number that <paramref name="valid"/> accepts, with a message naming the option otherwise.</summary>
    private static double ParseNumber(ArgumentResult result, double fallback, Func<double, bool> valid, string what)
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }
        string name = ((OptionResult)result.Parent!).Option.Name;
        string text = result.Tokens[0].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || !valid(value))
        {
            result.AddError($"{name} takes {what}, not '{text}'");
            return fallback;
        }
        return value;
    }

    private static double ParsePositiveSeconds(ArgumentResult result)
    {
        string text = result.Tokens[0].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || !double.IsFinite(seconds) || seconds <= 0 || seconds > 86400)
        {
            result.AddError($"--watch takes a number of seconds above 0, not '{text}'");
            return DefaultWatchSeconds;
        }
        return seconds;
    }

    /// <summary>A whole number from 0 to <paramref name="max"/>, with a message naming the option otherwise.</summary>
    private static int Error(ArgumentResult result, string message)
    {
        result.AddError(message);
        return 0;
    }

    /// <summary>The value --warmup-steps auto parses to.</summary>
    private const int AutoWarmup = -1;

    private static long ParseNonNegative(ArgumentResult result, long max)
    {
        if (result.Tokens.Count == 0)
        {
            return 0;
        }
        string name = ((OptionResult)result.Parent!).Option.Name;
        string text = result.Tokens[0].Value;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            result.AddError($"{name} takes a whole number, not '{text}'");
            return 0;
        }
        if (value < 0)
        {
            result.AddError($"{name} must not be negative (got {value})");
            return 0;
        }
        if (value > max)
        {
            result.AddError($"{name} is too large (got {value})");
            return 0;
        }
        return value;
    }

    /// <summary>The standard help, followed by examples and the exit codes.</summary>
    private sealed class HelpWithExamples(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            int code = inner.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(Examples);
            return code;
        }
    }
}
