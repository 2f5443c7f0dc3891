using TrainCompare.Analysis;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// The colours of chart lines, in order: matplotlib's default cycle (tab10), what the old charts used. Every
/// chart format (PNG, SVG, HTML, Mermaid) takes a line's colour from here, keyed by the run (<see cref="Of"/>):
/// the baseline is blue in every chart, the first compare run orange, even in the difference chart, which has
/// no line for the baseline.
/// </summary>
public static class ChartPalette
{
    public static readonly IReadOnlyList<string> Hex =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ];

    /// <summary>What to call each colour in a text legend.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "blue", "orange", "green", "red", "purple", "brown", "pink", "grey", "olive", "cyan",
    ];

    /// <summary>The colour of line <paramref name="index"/> (the palette repeats after ten).</summary>
    public static string HexAt(int index) => Hex[index % Hex.Count];

    public static string NameAt(int index) => Names[index % Names.Count];

    /// <summary>The palette index of <paramref name="run"/>: its position in the comparison's runs, the baseline 0.</summary>
    public static int Of(Comparison comparison, RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        int index = -1;
        for (int i = 0; i < comparison.Runs.Count && index < 0; i++)
        {
            index = ReferenceEquals(comparison.Runs[i], run) ? i : -1;
        }
        return index >= 0 ? index : throw new ArgumentException($"run '{run?.Run.Label}' is not one of the comparison's runs", nameof(run));
    }
}
