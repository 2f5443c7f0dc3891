using System.Globalization;
using System.Text;
using TrainCompare.Pipeline;

namespace TrainCompare.Cli;

/// <summary>
/// --watch on a terminal: each report redrawn in place under a header line (the time, each run's latest step,
/// how often it looks), as one write that overwrites the screen from the top and erases what is left below, so
/// the screen never blanks between refreshes and the scrollback does not fill with copies. A report taller than
/// the terminal shows its verdict lines, then its beginning, then a line saying how many lines are left out;
/// when watching stops, the whole of the last report is printed as a run without --watch prints it. Lines wider
/// than the terminal end in "…" at its edge (and autowrap is off while a frame is drawn, for characters wider
/// than one column), so a frame never wraps or scrolls. Streams that are not a terminal get
/// <see cref="WatchFrame.AppendTo"/> instead.
/// </summary>
public sealed class WatchScreen : IDisposable
{
    private const string Home = "\e[H";
    private const string EraseLine = "\e[K";
    private const string EraseBelow = "\e[J";
    private const string SecondRow = "\e[2H";
    private const string AutowrapOff = "\e[?7l";
    private const string AutowrapOn = "\e[?7h";
    private const string NewLine = "\r\n";

    private readonly TextWriter _before;
    private readonly TextWriter _screen;
    private readonly Func<(int Width, int Height)> _size;
    private WatchFrame? _last;
    private bool _lastElided;
    private bool _done;

    /// <param name="before">The writer whose text must reach the terminal before each frame (flushed first).</param>
    /// <param name="screen">The terminal; each frame is written to it and flushed once.</param>
    /// <param name="size">The terminal's width in columns and height in rows, asked again for every frame.</param>
    public WatchScreen(TextWriter before, TextWriter screen, Func<(int Width, int Height)> size)
    {
        _before = before;
        _screen = screen;
        _size = size;
    }

    /// <summary>
    /// A screen for <paramref name="summary"/> when it is the process's own standard output (or error) and that
    /// is a terminal that understands cursor movement (TERM set, not "dumb"); null otherwise.
    /// </summary>
    public static WatchScreen? ForTerminal(TextWriter summary)
    {
        bool stdout = ReferenceEquals(summary, Console.Out) && !Console.IsOutputRedirected;
        bool stderr = ReferenceEquals(summary, Console.Error) && !Console.IsErrorRedirected;
        if (!(stdout || stderr) || Environment.GetEnvironmentVariable("TERM") is null or "" or "dumb")
        {
            return null;
        }
        // one buffer big enough for a whole frame: it reaches the terminal in one write, not in 256-character pieces
        var terminal = new StreamWriter(stdout ? Console.OpenStandardOutput() : Console.OpenStandardError(),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        return new WatchScreen(summary, terminal, TerminalSize);
    }

    /// <summary>The terminal's size; 80 × 24 when it cannot say.</summary>
    private static (int Width, int Height) TerminalSize()
    {
        try
        {
            return (Console.WindowWidth is > 0 and var w ? w : 80, Console.WindowHeight is > 0 and var h ? h : 24);
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            return (80, 24);
        }
    }

    /// <summary>Draws <paramref name="frame"/> over the last one.</summary>
    public void Show(WatchFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        _before.Flush();
        var (width, height) = _size();
        _screen.Write(Compose(frame, width, height, first: _last is null, out _lastElided));
        _screen.Flush();
        _last = frame;
    }

    /// <summary>
    /// Leaves the terminal ready for the lines that follow: below the last frame, or, when that frame left lines
    /// out, with the whole last report printed in its place.
    /// </summary>
    public void Finish()
    {
        if (_done || _last is null)
        {
            return;
        }
        _done = true;
        var text = new StringBuilder();
        if (_lastElided)
        {
            // the screen blanked without erasing it whole from the top (which terminals such as tmux first copy into
            // the scrollback): the first row, then all below it; then the report as a run without --watch prints it,
            // so the scrollback gets the one whole report and no copy of the frame
            text.Append(Home).Append(EraseLine).Append(SecondRow).Append(EraseBelow).Append(Home)
                .Append(Header(_last, stopped: true)).Append(NewLine).Append(NewLine)
                .Append(_last.Report.ReplaceLineEndings(NewLine));
        }
        else
        {
            text.Append(NewLine);
        }
        _screen.Write(text.ToString());
        _screen.Flush();
    }

    /// <summary>After an error too, the cursor goes below the last frame, so the error line starts a line of its own.</summary>
    public void Dispose()
    {
        if (_last is not null && !_done)
        {
            _done = true;
            _screen.Write(NewLine + AutowrapOn);
            _screen.Flush();
        }
        _screen.Dispose();
    }

    /// <summary>"traincmp --watch · 13:45:02 · baseline step 1200 · fused step 1180 · every 5 s, Ctrl-C stops".</summary>
    public static string Header(WatchFrame frame, bool stopped = false)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var parts = new List<string> { "traincmp --watch", frame.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture) };
        parts.AddRange(frame.LatestSteps.Select(s => s.Step is { } step
            ? $"{s.Label} step {step.ToString(CultureInfo.InvariantCulture)}"
            : $"{s.Label}: no steps yet"));
        parts.Add(stopped ? "stopped" : $"{frame.Every}, Ctrl-C stops");
        return string.Join(" · ", parts);
    }

    /// <summary>
    /// The lines a frame shows on a terminal <paramref name="width"/> × <paramref name="height"/>: the header, a
    /// blank line, the notes and the report, each cut to the width. When they do not fit: the verdict lines first
    /// (what the report ends with, and what one watches for), then as much of the report's beginning as fits,
    /// then a line saying how many lines were left out.
    /// </summary>
    public static IReadOnlyList<string> Lines(WatchFrame frame, int width, int height, out bool elided)
    {
        ArgumentNullException.ThrowIfNull(frame);
        string[] report = frame.Report.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        string[] body = [.. frame.Notes, .. report];
        int rows = Math.Max(height - 2, 3);
        elided = body.Length > rows;
        if (elided)
        {
            // the verdicts whole: wrapped after a clause, not cut before the loss part
            string[] wrapped = [.. frame.Verdicts.SelectMany(v => Wrap(v, width))];
            string[] verdicts = wrapped.Length == 0 || wrapped.Length > rows - 3 ? [] : [.. wrapped, ""];
            int keep = rows - 1 - verdicts.Length;
            body = [.. verdicts, .. body[..keep],
                $"  ⋮ {body.Length - keep} more lines, printed in full when you stop (Ctrl-C)"];
        }
        return [.. new[] { Header(frame), "" }.Concat(body).Select(l => Fit(l, width))];
    }

    /// <summary>
    /// <paramref name="line"/> in lines of at most <paramref name="width"/> columns, broken after "; " (a verdict's
    /// clauses), the lines after the first indented by two; a clause longer than a line is left for <see cref="Fit"/> to cut.
    /// </summary>
    public static IEnumerable<string> Wrap(string line, int width)
    {
        ArgumentNullException.ThrowIfNull(line);
        var current = new StringBuilder();
        foreach (string clause in line.Split("; "))
        {
            string piece = current.Length == 0 ? clause : "; " + clause;
            if (current.Length > 0 && Columns(current.ToString(), current.Length) + Columns(piece, piece.Length) > width)
            {
                yield return current.Append(';').ToString();
                current.Clear().Append("  ").Append(clause);
            }
            else
            {
                current.Append(piece);
            }
        }
        yield return current.ToString();
    }

    /// <summary>
    /// <paramref name="line"/> in at most <paramref name="width"/> columns: a longer one is cut and ends in "…" (and
    /// a colour reset when it has colours, the cut may fall inside a coloured span). Counts one column a character,
    /// escape sequences none; a character wider than that only makes the line shorter than its cut.
    /// </summary>
    public static string Fit(string line, int width)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.TrimEnd(' '); // a centred title's padding is not worth an ellipsis
        if (Columns(line, line.Length) <= width)
        {
            return line;
        }
        int end = 0;
        for (int columns = 0; end < line.Length; end = Next(line, end))
        {
            if (line[end] != '\e' && ++columns == width)
            {
                break; // the column for the ellipsis
            }
        }
        return line[..end] + "…" + (line.Contains('\e', StringComparison.Ordinal) ? "\e[0m" : "");
    }

    /// <summary>The columns of <paramref name="line"/>'s first <paramref name="length"/> characters.</summary>
    private static int Columns(string line, int length)
    {
        int columns = 0;
        for (int i = 0; i < length; i = Next(line, i))
        {
            columns += line[i] == '\e' ? 0 : 1;
        }
        return columns;
    }

    /// <summary>Where the character or escape sequence at <paramref name="i"/> ends (a surrogate pair is one character).</summary>
    private static int Next(string line, int i)
    {
        if (line[i] == '\e')
        {
            if (i + 1 < line.Length && line[i + 1] == '[')
            {
                int j = i + 2;
                while (j < line.Length && line[j] is < '@' or > '~')
                {
                    j++; // parameters and intermediates, up to the final byte
                }
                return Math.Min(j + 1, line.Length);
            }
            return Math.Min(i + 2, line.Length);
        }
        return char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]) ? i + 2 : i + 1;
    }

    /// <summary>
    /// What one frame writes: the cursor home, each line over the old one (its row erased first; before the last
    /// line, every row from there down); autowrap off meanwhile. The first frame first scrolls what was on the screen into the scrollback.
    /// </summary>
    public static string Compose(WatchFrame frame, int width, int height, bool first, out bool elided)
    {
        var lines = Lines(frame, width, height, out elided);
        var text = new StringBuilder();
        if (first)
        {
            text.Insert(0, NewLine, Math.Max(height - 1, 0));
        }
        text.Append(AutowrapOff).Append(Home);
        for (int i = 0; i < lines.Count; i++)
        {
            // each row's old text erased before its new text, never after: after a character in the last column the
            // cursor stays on it, and an erase there would take that character too. Before the last row, everything
            // from there down; and no line end after it, which would scroll the screen
            text.Append(i < lines.Count - 1 ? EraseLine : EraseBelow).Append(lines[i]);
            if (i < lines.Count - 1)
            {
                text.Append(NewLine);
            }
        }
        return text.Append(AutowrapOn).ToString();
    }
}
