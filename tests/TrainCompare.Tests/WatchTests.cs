using System.Diagnostics;
using TrainCompare.Pipeline;
using TrainCompare.Tests.EndToEnd;

namespace TrainCompare.Tests;

/// <summary>Watch mode: a log that grows while traincmp follows it, in the library and in the built tool.</summary>
public sealed class WatchTests() : TempDirectory("traincmp-watch-")
{

    private static string Steps(int from, int to, double time)
        => string.Concat(Enumerable.Range(from, to - from + 1).Select(i => FormattableString.Invariant($"Step: {i}, Loss: {100.0 / i:F6}, Time: {time} ms\n")));

    /// <summary>Waits (up to a bound, polling) until <paramref name="condition"/> holds.</summary>
    private static void Eventually(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }

    [Fact]
    public async Task Appended_steps_and_a_replaced_file_are_picked_up_and_reported()
    {
        string log = Path.Combine(Dir, "run.txt");
        File.WriteAllText(log, Steps(1, 20, 700));
        var output = new StringWriter();
        var synced = TextWriter.Synchronized(output);
        string Text()
        {
            lock (synced) // the synchronized writer locks on itself
            {
                return output.ToString();
            }
        }
        var request = new ComparisonRequest { Baseline = log, Output = new TrainCompare.Reports.OutputSettings { Directory = Path.Combine(Dir, "out") } };
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(() => ComparisonPipeline.Watch(request, synced, TextWriter.Null, TimeSpan.FromMilliseconds(30), stop.Token));

        Eventually(() => Text().Contains("  run: 20 loss values", StringComparison.Ordinal), "the first report");
        File.AppendAllText(log, Steps(21, 50, 650) + "Step: 51, Lo"); // the last line is still being written
        Eventually(() => Text().Contains("  run: 50 loss values", StringComparison.Ordinal), "the appended steps");
        File.AppendAllText(log, "ss: 1.0, Time: 640 ms\n");
        Eventually(() => Text().Contains("  run: 51 loss values", StringComparison.Ordinal), "the completed line");

        // a new run overwrites the log: it is read again from the start
        File.WriteAllText(log + ".new", Steps(1, 7, 600));
        File.Move(log + ".new", log, overwrite: true);
        Eventually(() => Text().Contains("  run: 7 loss values", StringComparison.Ordinal), "the replaced file");

        stop.Cancel();
        int reports = await watching;
        Assert.True(reports >= 4, $"{reports} reports");
        Assert.DoesNotContain("run: 0 loss values", Text(), StringComparison.Ordinal);
        Assert.Contains($"note: {log} was truncated or replaced; reading it again from the start", Text(), StringComparison.Ordinal);
        CompareExamplesTests.AssertGoodChart(Path.Combine(Dir, "out", "losses.png"));
    }

    [Fact]
    public async Task Runs_still_being_written_are_compared_at_the_steps_all_have_reached_not_called_crashed()
    {
        string a = Path.Combine(Dir, "a.txt"), b = Path.Combine(Dir, "b.txt");
        File.WriteAllText(a, Steps(1, 120, 700));
        File.WriteAllText(b, Steps(1, 100, 650));
        var output = new StringWriter();
        var synced = TextWriter.Synchronized(output);
        string Text()
        {
            lock (synced)
            {
                return output.ToString();
            }
        }
        var request = new ComparisonRequest
        {
            Baseline = a, Compare = [b], Outputs = [],
            Output = new TrainCompare.Reports.OutputSettings { Directory = Path.Combine(Dir, "out") },
        };
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(() => ComparisonPipeline.Watch(request, synced, TextWriter.Null, TimeSpan.FromMilliseconds(30), stop.Token));
        Eventually(() => Text().Contains("Watching 2 logs", StringComparison.Ordinal), "the first report");
        File.AppendAllText(b, Steps(101, 110, 650));
        Eventually(() => Text().Contains("the logs grew", StringComparison.Ordinal), "the second report");
        stop.Cancel();
        await watching;
        string text = Text();
        Assert.DoesNotContain("stopped early", text, StringComparison.Ordinal);
        Assert.DoesNotContain("crashed", text, StringComparison.Ordinal);
        Assert.Contains("note: in progress: compared at the steps up to 100, which every run has reached (a at step 120)", text, StringComparison.Ordinal);
        Assert.Contains("note: in progress: compared at the steps up to 110, which every run has reached (a at step 120)", text, StringComparison.Ordinal);
        // the classic final loss averages the same steps in both runs: 100/i over 11..110 (the loss of Steps is 100/i)
        double expected = Enumerable.Range(11, 100).Average(i => Math.Round(100.0 / i, 6));
        Assert.Contains($"  a: {expected.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)}\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"  b: {expected.ToString("F6", System.Globalization.CultureInfo.InvariantCulture)}\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_tool_follows_a_log_and_ends_cleanly_on_ctrl_c()
    {
        string log = Path.Combine(Dir, "run.txt");
        string outDir = Path.Combine(Dir, "out");
        File.WriteAllText(log, Steps(1, 30, 700));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { Traincmp.ToolPath, "--baseline", log, "--watch", "0.1", "--output-dir", outDir })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (stdout) { stdout.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        string Seen() { lock (stdout) { return stdout.ToString(); } }
        try
        {
            Eventually(() => Seen().Contains("Watching 1 log", StringComparison.Ordinal), "the first report");
            File.AppendAllText(log, Steps(31, 45, 650));
            Eventually(() => Seen().Contains("45 loss values", StringComparison.Ordinal), "the appended steps");
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "traincmp did not stop on SIGINT");
            process.WaitForExit(); // flush the output events
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Stopped watching; every output is complete.", Seen(), StringComparison.Ordinal);
        Assert.Contains("  run: 675.00 ms (std: 25.00 ms)", Seen(), StringComparison.Ordinal);
        CompareExamplesTests.AssertGoodChart(Path.Combine(outDir, "losses.png"));
        CompareExamplesTests.AssertGoodChart(Path.Combine(outDir, "step_time.png"));
        Assert.Empty(Directory.GetFiles(outDir, "*.tmp"));
    }
}
