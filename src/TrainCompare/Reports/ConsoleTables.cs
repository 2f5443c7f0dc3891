using System.Text.RegularExpressions;
using Spectre.Console;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// Prints <see cref="SummaryTables"/> after the classic block, then one verdict per compare run. Colours on a
/// terminal; plain text when redirected or when NO_COLOR is set. Everything fits the width it is laid out for
/// (<see cref="LayoutWidth"/>): a table too wide is split (<see cref="SummaryTables.Fit"/>), a verdict wraps
/// after a clause, and no line ends in spaces.
/// </summary>
public static partial class ConsoleTables
{
    /// <summary>The narrowest layout: below it, tables would be cut into single columns.</summary>
    public const int MinWidth = 40;

    /// <param name="width">The width to lay out for; null: <see cref="LayoutWidth"/> of <paramref name="output"/>.</param>
    public static void Write(Comparison comparison, TextWriter output, bool color, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        int layout = Math.Clamp(width ?? LayoutWidth(output), MinWidth, SummaryTables.Width);
        var border = color ? TableBorder.Rounded : TableBorder.Simple;

        output.WriteLine();
        foreach (string alarm in SummaryTables.Alarms(comparison))
        {
            WriteLines(output, Render(new Markup($"[bold red]{Markup.Escape(alarm)}[/]"), color, layout));
        }
        bool first = true;
        foreach (var table in SummaryTables.For(comparison).SelectMany(t => SummaryTables.Fit(t, layout, vertical: layout < SummaryTables.Width)))
        {
            if (!first)
            {
                output.WriteLine();
            }
            first = false;
            // bold in the terminal's own colour: readable on light and dark themes alike
            WriteLines(output, Render(new Markup($"[bold]{Markup.Escape(table.Title)}[/]"), color, layout));
            WriteLines(output, Render(Table(table, border), color, layout));
        }
        if (comparison.Comparisons.Count > 0)
        {
            output.WriteLine();
            foreach (var c in comparison.Comparisons)
            {
                WriteLines(output, VerdictLine.Wrap(VerdictLine.For(c, comparison.Baseline.Run.Label), layout));
            }
        }
    }

    /// <summary>
    /// The width to lay out for on <paramref name="output"/>: a terminal's own width, but at most
    /// <see cref="SummaryTables.Width"/> (wider tables are harder to read, not easier); anything else (a file, a
    /// pipe, a test's writer) <see cref="SummaryTables.Width"/>.
    /// </summary>
    public static int LayoutWidth(TextWriter output)
    {
        bool terminal = (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
                        || (ReferenceEquals(output, Console.Error) && !Console.IsErrorRedirected);
        if (!terminal)
        {
            return SummaryTables.Width;
        }
        try
        {
            int columns = Console.WindowWidth;
            return columns > 0 ? Math.Min(columns, SummaryTables.Width) : SummaryTables.Width;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            return SummaryTables.Width;
        }
    }

    private static void WriteLines(TextWriter output, IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            output.WriteLine(line);
        }
    }

    private static Table Table(SummaryTable t, TableBorder border)
    {
        var table = new Table { Border = border };
        for (int i = 0; i < t.Headers.Count; i++)
        {
            // only free text may wrap; Spectre narrows those columns alone when the table must fit
            table.AddColumn(new TableColumn(Markup.Escape(t.Headers[i]))
            {
                Alignment = t.IsText(i) ? Justify.Left : Justify.Right,
                NoWrap = !t.Wraps(i),
            });
        }
        foreach (var row in t.Rows)
        {
            table.AddRow(row.Select(ToMarkup).ToArray());
        }
        return table;
    }

    /// <summary>
    /// <paramref name="widget"/> as Spectre draws it <paramref name="width"/> wide, as lines without trailing
    /// spaces (kept before any closing colour code) and without the blank lines a borderless table draws
    /// above and below itself.
    /// </summary>
    private static List<string> Render(Spectre.Console.Rendering.IRenderable widget, bool color, int width)
    {
        var buffer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(buffer),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(widget);
        var lines = buffer.ToString().ReplaceLineEndings("\n").Split('\n').Select(l => TrailingSpaces().Replace(l, "$1")).ToList();
        bool Blank(string line) => AnsiCodes().Replace(line, "").Length == 0;
        int from = lines.FindIndex(l => !Blank(l));
        int to = lines.FindLastIndex(l => !Blank(l));
        return from < 0 ? [] : lines.GetRange(from, to - from + 1);
    }

    [GeneratedRegex(@" +((?:\x1b\[[0-9;]*m)*)$")]
    private static partial Regex TrailingSpaces();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex AnsiCodes();

    private static string ToMarkup(Cell cell)
    {
        string text = Markup.Escape(cell.Text);
        return cell.Tone switch
        {
            Tone.Good => $"[green]{text}[/]",
            Tone.Bad => $"[red]{text}[/]",
            Tone.Alarm => $"[bold red]{text}[/]",
            _ => text,
        };
    }
}
