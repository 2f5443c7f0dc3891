using TrainCompare.Cli;
using TrainCompare.Pipeline;

namespace TrainCompare.Tests;

/// <summary>What --watch shows each refresh: drawn in place on a terminal (WatchScreen), appended elsewhere (WatchFrame.AppendTo).</summary>
public sealed class WatchScreenTests
{
    private static WatchFrame Frame(int number, int reportLines, params string[] notes) => new()
    {
        Number = number,
        Time = new DateTime(2026, 12, 1, 13, 45, 2, DateTimeKind.Local),
        LatestSteps = [("baseline", 1200), ("fused", 1180), ("new", null)],
        Notes = notes,
        Report = string.Concat(Enumerable.Range(1, reportLines).Select(i => $"line {i}\n")),
        Logs = 3,
        Interval = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public void A_verdict_wider_than_the_terminal_wraps_after_a_clause_instead_of_being_cut()
    {
        string verdict = "fused vs base: 1.078× faster (95% CI 1.063–1.094, p < 0.001); final loss Δ +0.0001 (95% CI −0.0003 to +0.0005), no significant difference";
        Assert.Equal(
            ["fused vs base: 1.078× faster (95% CI 1.063–1.094, p < 0.001);",
             "  final loss Δ +0.0001 (95% CI −0.0003 to +0.0005), no significant difference"],
            WatchScreen.Wrap(verdict, 80));
        Assert.Equal([verdict], WatchScreen.Wrap(verdict, 200));
    }

    [Fact]
    public void The_header_names_the_time_each_runs_latest_step_and_how_often()
    {
        Assert.Equal("traincmp --watch · 13:45:02 · baseline step 1200 · fused step 1180 · new: no steps yet · every 5 s, Ctrl-C stops",
            WatchScreen.Header(Frame(1, 3)));
        Assert.EndsWith(" · new: no steps yet · stopped", WatchScreen.Header(Frame(1, 3), stopped: true), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_that_fits_is_shown_whole_under_the_header_and_the_notes()
    {
        var lines = WatchScreen.Lines(Frame(2, 10, "note: a was replaced"), width: 100, height: 50, out bool elided);
        Assert.False(elided);
        Assert.Equal(["", "note: a was replaced", .. Enumerable.Range(1, 10).Select(i => $"line {i}")], lines.Skip(1));
    }

    [Fact]
    public void A_report_taller_than_the_terminal_shows_the_verdicts_then_its_beginning_and_says_how_much_is_left_out()
    {
        var lines = WatchScreen.Lines(Frame(2, 100) with { Verdicts = ["fused vs baseline: 1.083× faster"] }, width: 100, height: 50,
            out bool elided);
        Assert.True(elided);
        Assert.Equal(50, lines.Count); // exactly the terminal: it never scrolls
        Assert.Equal(["", "fused vs baseline: 1.083× faster", "", "line 1"], lines.Skip(1).Take(4));
        Assert.Equal("line 45", lines[^2]);
        Assert.Equal("  ⋮ 55 more lines, printed in full when you stop (Ctrl-C)", lines[^1]);
        // without a compare run there is no verdict: the beginning alone
        var single = WatchScreen.Lines(Frame(2, 100), width: 100, height: 50, out _);
        Assert.Equal(["", "line 1"], single.Skip(1).Take(2));
        Assert.Equal("line 47", single[^2]);
    }

    [Fact]
    public void A_frame_overwrites_the_screen_from_the_top_in_one_piece_and_never_scrolls()
    {
        string frame = WatchScreen.Compose(Frame(2, 100), width: 100, height: 50, first: false, out _);
        Assert.StartsWith("\e[?7l\e[H", frame, StringComparison.Ordinal); // autowrap off, cursor home
        Assert.EndsWith("\r\n\e[J  ⋮ 53 more lines, printed in full when you stop (Ctrl-C)\e[?7h",
            frame, StringComparison.Ordinal); // all below erased before the last row, and no line end after it
        Assert.Equal(48, frame.Split("\r\n\e[K").Length - 1); // every row's old text erased first, 49 line ends for 50 rows
        // the first one pushes what was on the screen into the scrollback first
        string first = WatchScreen.Compose(Frame(1, 100), width: 100, height: 50, first: true, out _);
        Assert.Equal(string.Concat(Enumerable.Repeat("\r\n", 49)) + frame, first);
    }

    [Fact]
    public void The_screen_prints_the_whole_last_report_when_it_stops_if_a_frame_left_lines_out()
    {
        var terminal = new StringWriter();
        using (var screen = new WatchScreen(TextWriter.Null, terminal, () => (100, 20)))
        {
            screen.Show(Frame(1, 100));
            terminal.GetStringBuilder().Clear();
            screen.Finish();
        }
        string text = terminal.ToString();
        // the screen blanked row 1 first, then from row 2 down: never erased whole from the top, which tmux copies
        // into the scrollback; then the whole report, wrapping as it likes
        Assert.StartsWith("\e[H\e[K\e[2H\e[J\e[Htraincmp --watch · 13:45:02 · baseline step 1200 · fused step 1180 · new: no steps yet · stopped\r\n"
                          + "\r\nline 1\r\nline 2\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("line 100\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\e[2J", text, StringComparison.Ordinal);

        // a frame that fitted stays; the cursor just goes below it
        var fitted = new StringWriter();
        using (var screen = new WatchScreen(TextWriter.Null, fitted, () => (100, 50)))
        {
            screen.Show(Frame(1, 10));
            fitted.GetStringBuilder().Clear();
            screen.Finish();
        }
        Assert.Equal("\r\n", fitted.ToString());
    }

    [Fact]
    public void A_line_wider_than_the_terminal_ends_in_an_ellipsis_at_its_edge_colours_and_all()
    {
        Assert.Equal("0123456789", WatchScreen.Fit("0123456789", 10));
        Assert.Equal("012345678…", WatchScreen.Fit("0123456789x", 10));
        Assert.Equal("    Title", WatchScreen.Fit("    Title" + new string(' ', 20), 10)); // padding is not cut, it is dropped
        // escape sequences take no column; a cut inside a coloured span resets the colour
        Assert.Equal("\e[1m01\e[0m2345678", WatchScreen.Fit("\e[1m01\e[0m2345678", 9));
        Assert.Equal("\e[32m0123\e[0m4…\e[0m", WatchScreen.Fit("\e[32m0123\e[0m456789", 6));
        // a surrogate pair is one character, never cut in half
        Assert.Equal("ab😀…", WatchScreen.Fit("ab😀defg", 4));
        var lines = WatchScreen.Lines(Frame(1, 3) with { Report = new string('=', 150) + "\n" }, width: 100, height: 50, out _);
        Assert.Equal(new string('=', 99) + "…", lines[2]);
        Assert.Equal(100, lines[0].Length); // the header too
    }

    [Fact]
    public void Redirected_each_report_is_appended_under_a_separator_with_the_notes_before_it()
    {
        var output = new StringWriter { NewLine = "\n" };
        var append = WatchFrame.AppendTo(output);
        append(Frame(1, 2));
        append(Frame(2, 1, "note: a was replaced"));
        Assert.Equal("line 1\nline 2\nWatching 3 logs every 5 s; Ctrl-C stops.\n"
                     + "note: a was replaced\n\n--- 13:45:02: the logs grew ---\nline 1\n", output.ToString());
    }
}
