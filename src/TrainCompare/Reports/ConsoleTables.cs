using Spectre.Console;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// Prints <see cref="SummaryTables"/> after the classic block, then one verdict line per compare run. Colours
/// on a terminal; plain text when redirected or when NO_COLOR is set.
/// </summary>
public static class ConsoleTables
{
    public static void Write(Comparison comparison, TextWriter output, bool color)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        var border = color ? TableBorder.Rounded : TableBorder.Simple;

        output.WriteLine();
        foreach (string alarm in SummaryTables.Alarms(comparison))
        {
            console.MarkupLine($"[bold red]{Markup.Escape(alarm)}[/]");
        }
        foreach (var t in SummaryTables.For(comparison))
        {
            var table = new Table { Border = border, Title = new TableTitle(Markup.Escape(t.Title)) };
            for (int i = 0; i < t.Headers.Count; i++)
            {
                table.AddColumn(new TableColumn(Markup.Escape(t.Headers[i])) { Alignment = t.IsText(i) ? Justify.Left : Justify.Right });
            }
            foreach (var row in t.Rows)
            {
                table.AddRow(row.Select(ToMarkup).ToArray());
            }
            console.Write(table);
        }
        if (comparison.Comparisons.Count > 0)
        {
            output.WriteLine();
            foreach (var c in comparison.Comparisons)
            {
                output.WriteLine(VerdictLine.For(c, comparison.Baseline.Run.Label));
            }
        }
    }

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
