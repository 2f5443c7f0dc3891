namespace TrainCompare.Reports.Charts;

/// <summary>One line of a chart: x must be ascending (the steps of a series).</summary>
/// <param name="Color">Index in the palette; -1 for the line's position.</param>
/// <param name="Faint">Drawn thin and pale, under a smoothed line of the same colour.</param>
/// <param name="InLegend">Listed in the legend.</param>
public sealed record ChartLine(string Label, double[] Xs, double[] Ys, int Color = -1, bool Faint = false, bool InLegend = true)
{
    /// <summary>A shaded band under the line (min to max across a group's repeats); null for none.</summary>
    public ChartBand? Band { get; init; }
}

/// <summary>A band between two curves over the same x.</summary>
public sealed record ChartBand(double[] Xs, double[] Low, double[] High);

/// <summary>What a chart shows, independent of how it is drawn.</summary>
/// <param name="FileStem">Output file name without prefix and extension, e.g. "losses".</param>
/// <param name="ZeroLine">Draw a horizontal reference line at y = 0.</param>
public sealed record ChartSpec(string FileStem, string Title, string XLabel, string YLabel, IReadOnlyList<ChartLine> Lines,
    bool ZeroLine = false)
{
    /// <summary>A note drawn on the chart (values left out of it); null for none.</summary>
    public string? Note { get; init; }
}
