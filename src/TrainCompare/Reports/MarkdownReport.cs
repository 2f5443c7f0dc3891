using System.Text;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>What goes into the Markdown summary besides the analysis.</summary>
/// <param name="Images">(title, path relative to the summary file) of each chart file written; empty for none.</param>
/// <param name="Mermaid">Mermaid chart sections (<see cref="MermaidCharts"/>) to include; empty for none.</param>
/// <param name="CommandLine">The command that produced the summary; null to leave it out.</param>
public sealed record MarkdownContent(string Title, IReadOnlyList<(string Title, string Path)> Images, IReadOnlyList<string> Mermaid,
    string? CommandLine);

/// <summary>
/// The summary as Markdown for a PR description or a CI job summary (summary.md, --github-summary): a verdict
/// line per compare run first, then the summary's tables — each at most <see cref="SummaryTables.Width"/>
/// wide (split by <see cref="SummaryTables.Fit"/>, as the console splits them), a long one folded into a
/// <c>details</c> block — then the charts: image links with a note that the images go with the file, and the
/// Mermaid charts folded (open when there are no images). Every label, file name and title is escaped, so
/// no label can break a table or inject markup.
/// </summary>
public static class MarkdownReport
{
    public static string Render(Comparison comparison, MarkdownContent content)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(content);
        var sb = new StringBuilder();
        sb.Append("## ").Append(MarkdownText.Escape(content.Title)).Append("\n\n");
        foreach (var c in comparison.Comparisons)
        {
            sb.Append($"- **{MarkdownText.Escape(c.Run.Run.Label)}** vs **{MarkdownText.Escape(comparison.Baseline.Run.Label)}**: {VerdictLine.Verdict(c)}\n");
        }
        if (comparison.Comparisons.Count == 0)
        {
            sb.Append("One run, nothing to compare it with.\n");
        }
        foreach (string alarm in SummaryTables.Alarms(comparison))
        {
            sb.Append("\n> **Warning:** ").Append(MarkdownText.Escape(alarm)).Append('\n');
        }
        foreach (var run in comparison.Runs)
        {
            foreach (var note in run.Findings)
            {
                sb.Append(note.Severity == Severity.Info ? "\n> **Note:** " : "\n> **Warning:** ")
                    .Append(MarkdownText.Escape($"{run.Run.Label}: {FindingText.Text(note)}")).Append('\n');
            }
        }
        foreach (var table in SummaryTables.For(comparison).SelectMany(t => SummaryTables.Fit(t, SummaryTables.Width)))
        {
            sb.Append('\n');
            Table(sb, table);
        }
        if (content.Images.Count > 0 || content.Mermaid.Count > 0)
        {
            sb.Append("\n### Charts\n");
            foreach (var (title, path) in content.Images)
            {
                sb.Append("\n![").Append(MarkdownText.Escape(title)).Append("](").Append(Uri.EscapeDataString(path)).Append(")\n");
            }
            if (content.Images.Count > 0)
            {
                sb.Append(content.Mermaid.Count > 0
                    ? "\n_Images are linked relative to this file; upload them with it (the Mermaid charts below show without them)._\n"
                    : "\n_Images are linked relative to this file; upload them with it (or use --mermaid for charts GitHub renders inline)._\n");
            }
            if (content.Mermaid.Count > 0)
            {
                // the charts' data is long: folded when the images show the same, open when they are the only charts
                sb.Append(content.Images.Count > 0 ? "\n<details>" : "\n<details open>")
                    .Append("<summary>Charts as Mermaid, rendered by GitHub</summary>\n");
                foreach (string mermaid in content.Mermaid)
                {
                    sb.Append('\n').Append(mermaid);
                }
                sb.Append("\n</details>\n");
            }
        }
        if (content.CommandLine is { } command)
        {
            sb.Append("\n<details><summary>Command</summary>\n\n").Append(MarkdownText.CodeBlock(command, "sh")).Append("\n</details>\n");
        }
        return sb.ToString();
    }

    /// <summary>A table of more rows than this is folded into a <c>details</c> block, its title left outside.</summary>
    public const int LongTableRows = 6;

    /// <summary>
    /// A GitHub table, numbers right-aligned, with its title in bold above it; alarms in bold. A long one
    /// (more than <see cref="LongTableRows"/> rows) folded under its title.
    /// </summary>
    private static void Table(StringBuilder sb, SummaryTable table)
    {
        sb.Append("**").Append(MarkdownText.Escape(table.Title)).Append("**\n\n");
        bool fold = table.Rows.Count > LongTableRows;
        if (fold)
        {
            sb.Append($"<details><summary>{table.Rows.Count} rows</summary>\n\n");
        }
        sb.Append('|');
        foreach (string h in table.Headers)
        {
            sb.Append(' ').Append(MarkdownText.Escape(h)).Append(" |");
        }
        sb.Append("\n|");
        for (int i = 0; i < table.Headers.Count; i++)
        {
            sb.Append(table.IsText(i) ? " --- |" : " ---: |");
        }
        sb.Append('\n');
        foreach (var row in table.Rows)
        {
            sb.Append('|');
            foreach (var cell in row)
            {
                string text = MarkdownText.Escape(cell.Text);
                sb.Append(' ').Append(cell.Tone == Tone.Alarm ? $"**{text}**" : text).Append(" |");
            }
            sb.Append('\n');
        }
        if (fold)
        {
            sb.Append("\n</details>\n");
        }
    }
}
