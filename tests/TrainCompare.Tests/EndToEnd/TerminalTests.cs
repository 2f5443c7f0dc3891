using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// The built tool in a real terminal (a 100 × 50 tmux pane), read back as the user would see it: the progress bar
/// on a long read, and --watch redrawing in place. Set TRAINCMP_SCREENSHOTS=DIR to keep the captures.
/// </summary>
public sealed partial class TerminalTests(ITestOutputHelper log) : TempDirectory("traincmp-term-")
{
    private const int Width = 100;
    private const int Height = 50;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Anything of the bar's: its label, Spectre's bar character, its time and size columns.</summary>
    private static readonly string[] BarMarks = ["reading logs", "━", "elapsed", "MiB"];

    private static string Steps(int from, int to, double time) => string.Concat(Enumerable.Range(from, to - from + 1)
        .Select(i => FormattableString.Invariant($"Step: {i}, Loss: {100.0 / i:F6}, Time: {time} ms\n")));

    /// <summary>About <paramref name="bytes"/> of a tt-train log: step lines, each after nine lines a data loader printed.</summary>
    private static void WriteLongLog(string path, long bytes)
    {
        byte[] loader = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("dataloader: prefetched batch, queue 4\n", 9)));
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (int step = 1; stream.Position < bytes; step++)
        {
            stream.Write(loader);
            stream.Write(Encoding.UTF8.GetBytes(FormattableString.Invariant(
                $"Step: {step}, Loss: {10.0 / (1 + step * 0.001):F4}, Time: {700 + step % 7}.00 ms\n")));
        }
    }

    /// <summary>A capture's rows (capture-pane ends each with a line end; -J keeps trailing blanks, trimmed here).</summary>
    private static string[] Lines(string screen) => screen.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToArray();

    private static int Count(string screen, string line) => Lines(screen).Count(l => l == line);

    /// <summary>Shows a capture in the test output, and keeps it in $TRAINCMP_SCREENSHOTS when that is set.</summary>
    private void Keep(string name, string screen)
    {
        log.WriteLine($"--- {name} ---\n{screen}");
        if (Environment.GetEnvironmentVariable("TRAINCMP_SCREENSHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, name + ".txt"), screen);
        }
    }

    [TerminalFact]
    public void The_progress_bar_is_gone_before_the_summary_which_starts_at_column_0()
    {
        string longLog = Path.Combine(Dir, "long.txt");
        string outDir = Path.Combine(Dir, "out");
        // 24 MiB read at 8 MiB/s, as from a slow network file system: 3 s, of which the bar shows the last 2, at
        // no cost in CPU (real reading, this fast, would need a log of gigabytes)
        WriteLongLog(longLog, 24L << 20);
        using var tmux = new Tmux(Dir, Width, Height, "env", "TRAINCMP_TEST_READ_MIB_PER_S=8",
            "dotnet", Traincmp.ToolPath, "--baseline", longLog, "--output-dir", outDir);
        string? bar = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (tmux.ExitStatus is null)
        {
            Assert.True(clock.Elapsed < Patience, "traincmp did not finish");
            // the latest bar drawn, for the checks below
            bar = Lines(tmux.Capture()).LastOrDefault(l => l.StartsWith("reading logs", StringComparison.Ordinal)) ?? bar;
            Thread.Sleep(50);
        }
        int status = tmux.ExitStatus ?? -1;
        string screen = tmux.Capture(scrollback: true);
        log.WriteLine($"read and reported in {clock.Elapsed.TotalSeconds:F1} s");
        Keep("progress-bar-after", screen);
        log.WriteLine($"the bar while reading: {bar}");
        Assert.True(status == 0, $"exit {status}:\n{screen}");
        Assert.True(bar is not null, $"the bar never showed:\n{screen}");

        // while reading: one row that fits the terminal, with a time column that means something
        Assert.True(bar.Length <= Width, $"the bar is wider than the terminal: {bar}");
        Assert.Matches(@"^reading logs \S+ +\d+% [\d.]+/[\d.]+ MiB \d+:\d\d elapsed(, ~\d+:\d\d left)?$", bar);
        Assert.DoesNotContain("00:00:00", bar, StringComparison.Ordinal);

        // afterwards: the bar is gone without a trace, and the summary starts on the pane's first row, at column 0
        string[] lines = Lines(screen);
        Assert.Equal("Parsing log files...", lines[0]);
        Assert.StartsWith("  long: ", lines[1], StringComparison.Ordinal);
        foreach (string mark in BarMarks)
        {
            Assert.DoesNotContain(lines, l => l.Contains(mark, StringComparison.Ordinal));
        }
        int plots = Array.IndexOf(lines, "Generating plots...");
        int done = Array.IndexOf(lines, "Done!");
        Assert.True(plots > 0 && done > plots, $"'Generating plots...' and 'Done!' are not whole lines:\n{screen}");
        string[] saved = lines[(plots + 1)..(done - 1)];
        Assert.All(saved, l => Assert.Matches(SavedLine(), l));
        Assert.Equal(["losses.png", "step_time.png"],
            saved.Select(l => Path.GetFileName(l["Saved: ".Length..])).Order(StringComparer.Ordinal));
        Assert.Equal("", lines[done - 1]);
        Assert.All(lines[(done + 1)..], l => Assert.True(l.Length == 0 || l.StartsWith("Pane is dead", StringComparison.Ordinal), l));
        CompareExamplesTests.AssertGoodChart(Path.Combine(outDir, "losses.png"));
    }

    [GeneratedRegex(@"^Saved: (\S+)$")]
    private static partial Regex SavedLine();

    [TerminalFact]
    public void Watch_redraws_in_place_under_a_header_with_each_runs_latest_step()
    {
        string baseline = Write("base.txt", Steps(1, 30, 700));
        string fused = Write("fused.txt", Steps(1, 30, 650));
        string outDir = Path.Combine(Dir, "out");
        using var tmux = new Tmux(Dir, Width, Height, "dotnet", Traincmp.ToolPath, "--baseline", baseline, "--compare", fused,
            "--watch", "0.5", "--output-dir", outDir);
        // a frame is one write: its header and its last line (the "more lines" one) are there together
        tmux.WaitFor(s => s.Contains("base step 30 · fused step 30 ·", StringComparison.Ordinal) && s.Contains("  ⋮ ", StringComparison.Ordinal),
            "the first report", Patience);
        File.AppendAllText(baseline, Steps(31, 60, 690));
        File.AppendAllText(fused, Steps(31, 55, 640));
        string screen = tmux.WaitFor(s => s.Contains("base step 60 · fused step 55 ·", StringComparison.Ordinal)
                                          && s.Contains("  ⋮ ", StringComparison.Ordinal), "the grown logs", Patience);
        Keep("watch-screen", screen);
        string[] lines = Lines(screen);
        Assert.True(lines.Length <= Height, $"{lines.Length} rows");
        Assert.Matches(@"^traincmp --watch · \d\d:\d\d:\d\d · base step 60 · fused step 55 · every 0\.5 s, Ctrl-C stops$", lines[0]);
        // the report is taller than 48 rows: its verdict line, its beginning, and a line saying how much is left out
        Assert.Equal("", lines[1]);
        // the verdict whole, wrapped after its speed clause, not cut before its loss part
        Assert.StartsWith("fused vs base: 1.0", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(";", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("  final loss Δ ", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain(lines[2..4], l => l.EndsWith('…'));
        int parsing = Array.IndexOf(lines, "Parsing log files...");
        Assert.Equal("", lines[parsing - 2]);
        // fused is still being written: both are compared at the steps up to 55, and it is not called crashed
        Assert.Equal("note: in progress: compared at the steps up to 55, which every run has reached (base at step 60)", lines[parsing - 1]);
        Assert.StartsWith("  base: 55 loss values, 55 step times", lines[parsing + 1], StringComparison.Ordinal);
        Assert.StartsWith("  fused: 55 loss values, 55 step times", lines[parsing + 2], StringComparison.Ordinal);
        Assert.DoesNotContain("stopped early", screen, StringComparison.Ordinal);
        Assert.Equal(1, Count(screen, "SUMMARY STATISTICS"));
        Assert.Matches(@"^  ⋮ \d+ more lines, printed in full when you stop \(Ctrl-C\)$", lines[^1]);
        Assert.Equal(Height, lines.Length);
        Assert.DoesNotContain("the logs grew", screen, StringComparison.Ordinal);
        // and nothing scrolled off into the scrollback: no copy of an earlier report is kept there
        string history = tmux.Capture(scrollback: true);
        Assert.Equal(1, Count(history, "SUMMARY STATISTICS"));
        Assert.DoesNotContain("base step 30", history, StringComparison.Ordinal);

        tmux.SendKeys("C-c");
        Assert.Equal(0, tmux.WaitForExit(Patience));
        string after = tmux.Capture(scrollback: true);
        Keep("watch-stopped", after);
        // stopped: the whole last report, once, as a run without --watch prints it, then the last line
        string[] afterLines = Lines(after);
        Assert.Equal(1, Count(after, "SUMMARY STATISTICS"));
        Assert.Single(afterLines, l => Regex.IsMatch(l, @"^traincmp --watch · \d\d:\d\d:\d\d · base step 60 · fused step 55 · stopped$"));
        Assert.DoesNotContain(afterLines, l => l.StartsWith("  ⋮ ", StringComparison.Ordinal));
        int done = Array.IndexOf(afterLines, "Done!");
        Assert.True(done > 0 && afterLines.Skip(done + 1).SkipWhile(l => l.Length == 0).First() == "Stopped watching; every output is complete.", after);
        CompareExamplesTests.AssertGoodChart(Path.Combine(outDir, "losses.png"));
    }

    [TerminalFact]
    public void Watch_appends_each_report_when_its_output_is_redirected_even_from_a_terminal()
    {
        string run = Write("run.txt", Steps(1, 30, 700));
        string outDir = Path.Combine(Dir, "out");
        string file = Path.Combine(Dir, "watch.log");
        string Read() => File.Exists(file) ? File.ReadAllText(file) : "";
        // stdout to a file, stderr still the terminal
        using var tmux = new Tmux(Dir, Width, Height, "sh", "-c",
            $"exec dotnet '{Traincmp.ToolPath}' --baseline '{run}' --watch 0.5 --output-dir '{outDir}' > '{file}'");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Until(Func<string, bool> condition, string what)
        {
            while (!condition(Read()))
            {
                Assert.True(clock.Elapsed < Patience, $"timed out waiting for {what}:\n{Read()}");
                Thread.Sleep(50);
            }
        }
        Until(t => t.Contains("Watching 1 log every 0.5 s; Ctrl-C stops.", StringComparison.Ordinal), "the first report");
        File.AppendAllText(run, Steps(31, 45, 650));
        Until(t => t.Contains("  run: 45 loss values", StringComparison.Ordinal) && t.EndsWith("Done!\n", StringComparison.Ordinal), "the second report");
        tmux.SendKeys("C-c");
        Assert.Equal(0, tmux.WaitForExit(Patience));

        string text = Read();
        Keep("watch-redirected", text);
        Assert.DoesNotContain('\e', text); // no cursor movement, no colours
        Assert.Equal(2, Count(text, "SUMMARY STATISTICS"));
        string[] lines = Lines(text);
        int first = Array.IndexOf(lines, "Watching 1 log every 0.5 s; Ctrl-C stops.");
        int separator = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^--- \d\d:\d\d:\d\d: the logs grew ---$"));
        Assert.True(first > 0 && separator == first + 2 && lines[first + 1] == "", text);
        Assert.Equal("  run: 30 loss values, 30 step times", lines[1][..36]);
        Assert.Equal("  run: 45 loss values, 45 step times", lines[separator + 2][..36]);
        Assert.EndsWith("Done!\nStopped watching; every output is complete.\n", text, StringComparison.Ordinal);
        // and nothing of it on the terminal, which only had stderr
        Assert.DoesNotContain("SUMMARY", tmux.Capture(scrollback: true), StringComparison.Ordinal);
    }
}
