namespace TrainCompare.Reports.Charts;

/// <summary>
/// The colours of chart lines, in order: matplotlib's default cycle (tab10), what the old charts used. Every
/// chart format (PNG, SVG, HTML, Mermaid) takes a line's colour from here, so a run has one colour everywhere.
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
}
