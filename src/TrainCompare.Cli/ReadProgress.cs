using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using TrainCompare.Pipeline;

namespace TrainCompare.Cli;

/// <summary>
/// A progress bar on stderr (bytes read of the total, time elapsed and left) for reading that takes longer
/// than about a second. Nothing is shown when stderr is redirected, or for work that finishes sooner. The
/// bar is gone (erased, the cursor back at the start of its line and shown again) before
/// <see cref="Run{T}"/> returns, so whatever is printed next starts on a clean line.
/// </summary>
internal static class ReadProgress
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// For tests only: reading held to this many MiB a second (as from a slow network file system), so a small log
    /// takes long enough to show the bar at no cost in CPU (tests/.../EndToEnd/TerminalTests).
    /// </summary>
    internal const string ThrottleVariable = "TRAINCMP_TEST_READ_MIB_PER_S";

    /// <summary>Shows the cursor again: Spectre hides it while the bar is drawn.</summary>
    private const string ShowCursor = "\e[?25h";

    /// <summary>Bytes an argument names (a file, a comma list, a glob); 0 when it names nothing readable yet.</summary>
    private static long Size(string argument)
    {
        try
        {
            return TrainCompare.Reading.InputPaths.Expand(argument).Sum(p => File.Exists(p) ? new FileInfo(p).Length : 0);
        }
        catch (TrainCompareException)
        {
            return 0; // the pipeline reports it
        }
    }

    /// <summary>
    /// <see cref="ComparisonPipeline.Load"/> under the bar. Its timing line (TRAINCMP_TIMINGS=1) is held back
    /// until the bar is gone, so nothing but the bar writes to the terminal while it is drawn.
    /// </summary>
    public static IReadOnlyList<TrainCompare.Runs.Run> Load(ComparisonRequest request)
    {
        var timings = request.Timings is null ? null : new StringWriter();
        try
        {
            string[] profiles = [.. request.BaselineProfile is { } b ? [b] : Array.Empty<string>(), .. request.CompareProfiles.Where(x => x != ComparisonRequest.NoProfile)];
            return Run([request.Baseline, .. request.Compare, .. profiles], onRead => ComparisonPipeline.Load(request with { Timings = timings }, onRead));
        }
        finally
        {
            request.Timings?.Write(timings?.ToString());
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> (reading only: it must write nothing to the console), handing it a callback
    /// for bytes read, with a bar if it is slow. Its exception, if any, is rethrown once the bar is gone.
    /// </summary>
    public static T Run<T>(IEnumerable<string> paths, Func<Action<long>, T> work)
    {
        long total = paths.Sum(Size);
        if (Console.IsErrorRedirected || total == 0)
        {
            return work(_ => { });
        }
        var clock = Stopwatch.StartNew();
        long read = 0;
        double throttle = double.TryParse(Environment.GetEnvironmentVariable(ThrottleVariable), NumberStyles.Float,
            CultureInfo.InvariantCulture, out double mib) && mib > 0 ? mib * (1 << 20) : 0;
        var task = Task.Run(() => work(n =>
        {
            long sofar = Interlocked.Add(ref read, n);
            if (throttle > 0 && TimeSpan.FromSeconds(sofar / throttle) - clock.Elapsed is { Ticks: > 0 } early)
            {
                Thread.Sleep(early);
            }
        }));
        var done = ((IAsyncResult)task).AsyncWaitHandle;
        if (done.WaitOne(Delay))
        {
            return task.GetAwaiter().GetResult();
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });
        // Ctrl-C or SIGTERM while the bar is up ends the process (the bar stays where it was): give the cursor back first
        ConsoleCancelEventHandler onCancel = (_, _) => Console.Error.Write(ShowCursor);
        Console.CancelKeyPress += onCancel;
        using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => Console.Error.Write(ShowCursor));
        try
        {
            console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = BarWidth(console.Profile.Width) },
                    new PercentageColumn(), new DownloadedColumn(), new ReadTimeColumn(clock))
                .Start(ctx =>
                {
                    var bar = ctx.AddTask("reading logs", maxValue: total);
                    while (!done.WaitOne(Tick))
                    {
                        // a compressed log yields more bytes than its file holds: the bar stops at its end
                        bar.Value = Math.Min(Interlocked.Read(ref read), total);
                    }
                    bar.Value = total;
                });
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The bar's width: what is left of the terminal's width once the other columns (about 60 characters:
    /// "reading logs", "100%", "751.5/763.0 MiB", "0:03 elapsed, ~0:08 left" and the gaps) have theirs, so the
    /// whole line fits on one row; between 10 and 40.
    /// </summary>
    internal static int BarWidth(int terminalWidth) => Math.Clamp(terminalWidth - 62, 10, 40);

    /// <summary>
    /// Time elapsed since reading began (not since the bar appeared) and the time left at the average rate so
    /// far, in m:ss; the time left is rounded up, so it never reads 0:00 while there is reading left.
    /// </summary>
    internal sealed class ReadTimeColumn(Stopwatch clock) : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            ArgumentNullException.ThrowIfNull(task);
            return new Text(Describe(clock.Elapsed, task.Value, task.MaxValue), new Style(Color.Grey));
        }

        /// <summary>"0:03 elapsed, ~0:08 left"; without the time left before anything was read, or when all was.</summary>
        internal static string Describe(TimeSpan elapsed, double done, double total)
        {
            string text = $"{Clock(elapsed)} elapsed";
            if (done <= 0 || done >= total || elapsed <= TimeSpan.Zero)
            {
                return text;
            }
            double seconds = Math.Ceiling((total - done) / (done / elapsed.TotalSeconds));
            return seconds > TimeSpan.FromDays(1).TotalSeconds ? text : $"{text}, ~{Clock(TimeSpan.FromSeconds(seconds))} left";
        }

        /// <summary>m:ss, or h:mm:ss from an hour on; whole seconds, truncated.</summary>
        internal static string Clock(TimeSpan time) => time.ToString(time >= TimeSpan.FromHours(1) ? @"h\:mm\:ss" : @"m\:ss",
            CultureInfo.InvariantCulture);
    }
}
