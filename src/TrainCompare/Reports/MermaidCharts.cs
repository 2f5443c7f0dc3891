using System.Globalization;
using System.Text;
using TrainCompare.Analysis;
using TrainCompare.Reports.Charts;

namespace TrainCompare.Reports;

/// <summary>
/// The charts as Mermaid <c>xychart</c> blocks, as the tt-train script writes them (the Mermaid pinned in tests/mermaid
/// renders both <c>xychart</c> and the older <c>xychart-beta</c>; Mermaid before mid-2025 only the latter), which GitHub renders in PRs, issues and job summaries
/// (--mermaid): losses, loss difference, step time. Mermaid's chart takes one list of values per line and has
/// no legend, so every line is resampled onto one <see cref="StepGrid"/> and the block is preceded by a line
/// naming each line's colour; the colours are the PNGs', one a run (<see cref="ChartPalette.Of"/>).
/// </summary>
public static class MermaidCharts
{
    public const int DefaultMaxPoints = 100;

    /// <summary>The colour of the y = 0 reference line of the difference chart.</summary>
    private const string ZeroColor = "#000000";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] Stems = [ComparisonCharts.Losses, ComparisonCharts.LossesDiff, ComparisonCharts.StepTime];

    /// <summary>(file stem, Markdown) for each chart that has data.</summary>
    public static IReadOnlyList<(string FileStem, string Markdown)> For(Comparison comparison, string titlePrefix, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return ComparisonCharts.Data(comparison, titlePrefix).Where(d => Stems.Contains(d.FileStem))
            .Select(d => (d.FileStem, Render(d, maxPoints))).ToArray();
    }

    /// <summary>A legend line, the xychart block, and a note for each line held flat outside its run's steps.</summary>
    public static string Render(ChartData chart, int maxPoints)
    {
        ArgumentNullException.ThrowIfNull(chart);
        // each line in its run's colour, as in the PNGs: the difference chart's first line is the first compare run's
        var drawn = chart.Lines.Select((l, i) => (Line: l, Color: l.Color >= 0 ? l.Color : i, Series: chart.Drawn(l))).ToArray();
        var grid = StepGrid.Of(drawn.Select(d => d.Series), maxPoints);
        var sb = new StringBuilder();
        if (grid is null)
        {
            sb.Append($"_{MarkdownText.Escape(chart.Title)}: no data to plot._\n");
            return sb.ToString();
        }
        var lines = drawn.Select(d => (d.Line, d.Color, Resampled: d.Series.Count > 0 ? grid.Resample(d.Series) : null))
            .Where(d => d.Resampled is not null && d.Resampled.Values.All(double.IsFinite)).ToArray();
        var legend = lines.Select(l => $"{MarkdownText.Escape(l.Line.Label)}: {ChartPalette.NameAt(l.Color)} ({ChartPalette.HexAt(l.Color)})").ToList();
        var colors = lines.Select(l => ChartPalette.HexAt(l.Color)).ToList();
        if (chart.ZeroLine)
        {
            legend.Add($"zero: black ({ZeroColor})");
            colors.Add(ZeroColor);
        }
        sb.Append("Lines: ").Append(string.Join(" · ", legend)).Append('\n');
        sb.Append("\n```mermaid\n");
        sb.Append("%%{init: {\"themeVariables\": {\"xyChart\": {\"plotColorPalette\": \"").Append(string.Join(", ", colors)).Append("\"}}}}%%\n");
        sb.Append("xychart\n");
        sb.Append("  title \"").Append(Quote(chart.Title)).Append("\"\n");
        long first = grid.Steps[0], last = grid.Steps[^1];
        sb.Append("  x-axis \"").Append(Quote(chart.XLabel)).Append('"');
        // a numeric axis spreads the values evenly from first to last, which is where the grid's steps are
        sb.Append(first == last ? $" [{first.ToString(Inv)}]" : $" {first.ToString(Inv)} --> {last.ToString(Inv)}").Append('\n');
        sb.Append("  y-axis \"").Append(Quote(chart.YLabel)).Append("\"\n");
        foreach (var l in lines)
        {
            sb.Append("  line [").Append(string.Join(", ", l.Resampled!.Values.Select(Number))).Append("]\n");
        }
        if (chart.ZeroLine)
        {
            sb.Append("  line [").Append(string.Join(", ", Enumerable.Repeat("0", grid.Steps.Length))).Append("]\n");
        }
        sb.Append("```\n");
        string cells = grid.Steps.Length > 1 ? $"{grid.Steps.Length} points from step {first.ToString(Inv)} to {last.ToString(Inv)}" : $"step {first.ToString(Inv)}";
        sb.Append('\n').Append(grid.Overlap
            ? $"_{cells}, over the steps every run logged; each point is the mean of the run's values nearest to it._\n"
            : $"_{cells}: the runs' steps do not overlap, so the grid spans them all; each point is the mean of the run's values nearest to it._\n");
        if (chart.Smoothed is { } how)
        {
            sb.Append($"_Lines: {MarkdownText.Escape(how)}, then resampled._\n");
        }
        foreach (var l in lines)
        {
            if (l.Resampled!.HeldBefore is { } b)
            {
                sb.Append($"_{MarkdownText.Escape(l.Line.Label)} starts at step {b.ToString(Inv)}; its line is held at its first value before that._\n");
            }
            if (l.Resampled.HeldAfter is { } a)
            {
                sb.Append($"_{MarkdownText.Escape(l.Line.Label)} ends at step {a.ToString(Inv)}; its line is held at its last value after that._\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>Six significant digits in plain notation: Mermaid's parser takes no exponent (1.2E-05 is a syntax error).</summary>
    public static string Number(double value) =>
        double.Parse(value.ToString("G6", Inv), Inv).ToString("0.####################", Inv);

    /// <summary>Mermaid's quoted strings end at a double quote and cannot span lines.</summary>
    private static string Quote(string text) => text.Replace('"', '\'').Replace('\n', ' ').Replace('\r', ' ');
}
