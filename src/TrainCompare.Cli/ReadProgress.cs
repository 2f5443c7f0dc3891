using Spectre.Console;

namespace TrainCompare.Cli;

/// <summary>
/// A progress bar on stderr (bytes read of the total) for reading that takes longer than about a second.
/// Nothing is shown when stderr is redirected, or for work that finishes sooner.
/// </summary>
internal static class ReadProgress
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

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

    /// <summary>Runs <paramref name="work"/>, handing it a callback for bytes read, with a bar if it is slow.</summary>
    public static T Run<T>(IEnumerable<string> paths, Func<Action<long>, T> work)
    {
        long total = paths.Sum(Size);
        if (Console.IsErrorRedirected || total == 0)
        {
            return work(_ => { });
        }
        long read = 0;
        var task = Task.Run(() => work(n => Interlocked.Add(ref read, n)));
        if (task.Wait(Delay))
        {
            return task.GetAwaiter().GetResult();
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask("reading logs", maxValue: total);
                while (!task.Wait(TimeSpan.FromMilliseconds(100)))
                {
                    bar.Value = Interlocked.Read(ref read);
                }
                bar.Value = total;
            });
        return task.GetAwaiter().GetResult();
    }
}
