using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using TrainCompare.Analysis;
using TrainCompare.Pipeline;
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
          # A baseline against an optimized run
          traincmp --baseline run_baseline.txt --compare run_optimized.txt

          # Several runs, named, with a title prefix
          traincmp --baseline base.txt --compare fusion_v1.txt fusion_v2.txt \
              --labels baseline fusion-v1 fusion-v2 --title-prefix "SiLU Kernel "

          # Repeats of each configuration (quoted globs), a report page, JSON
          traincmp --baseline 'base_seed*.txt' --compare 'fused_seed*.txt' \
              --report html --json report.json

          # A CI gate: no slower than 1.02x, final loss within 0.01, no nan
          traincmp --baseline base.txt --compare fused.txt \
              --min-speedup 1.02 --max-loss-diff 0.01 --fail-on-nan

        Exit codes: 0 ok, 1 a check failed, 2 usage or input error, 70 a bug.
        Reference: docs/options.md; methods: docs/methods.md.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var options = new CliOptions();
        var root = new RootCommand("traincmp: compare training runs from their logs: loss curves, loss difference against a baseline, step time and speedup.");
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new Help(options, [help, root.Options.OfType<VersionOption>().Single()]);
        root.SetAction(parse => Compare(parse, options, args, stdout, stderr));

        if (UnknownOptions.Find(args, root.Options) is { } unknown)
        {
            stderr.WriteLine($"traincmp: error: {unknown} (see traincmp --help)");
            return ExitUsageOrInput;
        }
        // no response files: an argument starting with '@' (a label, a file name) is just that argument
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is ParseErrorAction)
        {
            // one line: the first error, and where to look
            stderr.WriteLine($"traincmp: error: {OneLine(parseResult.Errors[0].Message).TrimEnd('.')}{Hint(parseResult)} (see traincmp --help)");
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

    /// <summary>Runs a parsed command line: the request, the comparison (or watching), the JSON on stdout, the checks.</summary>
    private static int Compare(ParseResult parse, CliOptions options, string[] args, TextWriter stdout, TextWriter stderr)
    {
        bool jsonToStdout = parse.GetValue(options.Json) == "-";
        var summary = jsonToStdout ? stderr : stdout; // with --json -, stdout carries the JSON alone
        bool color = !jsonToStdout && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out)
                     && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var (request, error) = RequestMapping.From(parse, options, args, color, stderr);
        if (request is null)
        {
            stderr.WriteLine($"traincmp: error: {error} (see traincmp --help)");
            return ExitUsageOrInput;
        }
        if (parse.GetValue(options.Watch) is { } seconds)
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
    }

    /// <summary>
    /// What to add to a parse error: a log file given with no option before it is most often a compare run whose
    /// --compare was forgotten.
    /// </summary>
    private static string Hint(ParseResult parse)
    {
        if (parse.UnmatchedTokens.Count == 0 || parse.UnmatchedTokens[0].StartsWith('-'))
        {
            return "";
        }
        string first = parse.UnmatchedTokens[0];
        return parse.Tokens.Any(t => t.Value == "--compare")
            ? $"; to compare more runs, list them all after one --compare"
            : $"; to compare it against the baseline, put --compare before it: --compare {ShellQuote(first)}";
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

    /// <summary>
    /// The help (<see cref="HelpText"/>): wrapped to the terminal's width, up to 120 columns, or to 80 when it goes
    /// to a file or a pipe.
    /// </summary>
    private sealed class Help(CliOptions options, IReadOnlyList<Option> builtIn) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            int width = 80;
            if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
            {
                try
                {
                    width = Math.Clamp(Console.WindowWidth, 60, 120);
                }
                catch (IOException)
                {
                    // no size to ask: 80
                }
            }
            output.Write(HelpText.Render(options, builtIn, width));
            return ExitOk;
        }
    }
}
