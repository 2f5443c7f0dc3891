namespace TrainCompare.Reports.Charts;

/// <summary>One line of a chart: x must be ascending (the steps of a series).</summary>
public sealed record ChartLine(string Label, double[] Xs, double[] Ys);

/// <summary>What a chart shows, independent of how it is drawn.</summary>
/// <param name="FileStem">Output file name without prefix and extension, e.g. "losses".</param>
/// <param name="ZeroLine">Draw a horizontal reference line at y = 0.</param>
public sealed record ChartSpec(string FileStem, string Title, string XLabel, string YLabel, IReadOnlyList<ChartLine> Lines,
    bool ZeroLine = false);
