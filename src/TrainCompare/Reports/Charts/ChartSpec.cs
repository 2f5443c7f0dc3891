namespace TrainCompare.Reports.Charts;

/// <summary>One line of a chart: x must be ascending (the steps of a series).</summary>
/// <param name="Color">Index in the palette: the run's index in the comparison's runs (<see cref="ChartPalette.Of"/>), so a
/// run has one colour in every chart; -1 for the line's position.</param>
/// <param name="Faint">Drawn thin and pale, under a smoothed line of the same colour.</param>
/// <param name="InLegend">Listed in the legend.</param>
public sealed record ChartLine(string Label, double[] Xs, double[] Ys, int Color = -1, bool Faint = false, bool InLegend = true)
{
    /// <summary>A shaded band under the line (min to max across a group's repeats); null for none.</summary>
    public ChartBand? Band { get; init; }

    /// <summary>
    /// The line's width relative to a normal line (1). The loss chart draws the baseline wider and underneath, the
    /// others narrower on top, so that runs which agree all stay visible.
    /// </summary>
    public double Width { get; init; } = 1;

    /// <summary>Steps of the values above the chart's <see cref="ChartSpec.YRange"/>, marked at its top edge (at most one a column).</summary>
    public double[] ClippedAbove { get; init; } = [];

    /// <summary>Steps of the values below the chart's <see cref="ChartSpec.YRange"/>, marked at its bottom edge.</summary>
    public double[] ClippedBelow { get; init; } = [];
}

/// <summary>A band between two curves over the same x.</summary>
public sealed record ChartBand(double[] Xs, double[] Low, double[] High);

/// <summary>A horizontal band across the whole chart, from <paramref name="Low"/> to <paramref name="High"/> (a tolerance).</summary>
/// <param name="Color">Palette index of the run it belongs to.</param>
/// <param name="Label">What the legend says of it.</param>
public sealed record ChartHorizontalBand(double Low, double High, int Color, string Label)
{
    /// <summary>Whether the y axis reaches it; a band far beyond every value is only in the legend.</summary>
    public bool OnAxis { get; init; } = true;
}

/// <summary>A vertical line at step <paramref name="X"/> (where a run diverges).</summary>
public sealed record ChartMarker(double X, int Color, string Label);

/// <summary>The y range a chart is drawn over when outliers would flatten it; values outside it are marked at its edges.</summary>
/// <param name="Above">How many values lie above <paramref name="High"/> (every line, undecimated).</param>
/// <param name="Below">How many lie below <paramref name="Low"/>.</param>
/// <param name="AboveLabel">What the chart says of those above, e.g. "3 step times above 766 ms not shown at scale (up to
/// 30.3 s)"; null when there are none.</param>
/// <param name="BelowLabel">The same for those below.</param>
public sealed record ChartRange(double Low, double High, int Above, int Below, string? AboveLabel, string? BelowLabel);

/// <summary>What a chart shows, independent of how it is drawn.</summary>
/// <param name="FileStem">Output file name without prefix and extension, e.g. "losses".</param>
/// <param name="ZeroLine">Draw a horizontal reference line at y = 0.</param>
public sealed record ChartSpec(string FileStem, string Title, string XLabel, string YLabel, IReadOnlyList<ChartLine> Lines,
    bool ZeroLine = false)
{
    /// <summary>A note drawn on the chart (values left out of it); null for none.</summary>
    public string? Note { get; init; }

    /// <summary>The y range to draw when outliers are clipped; null to fit every value.</summary>
    public ChartRange? YRange { get; init; }

    /// <summary>Horizontal bands drawn under the lines: the tolerance each run's divergence check used.</summary>
    public IReadOnlyList<ChartHorizontalBand> HorizontalBands { get; init; } = [];

    /// <summary>Vertical lines: the step where each run diverges.</summary>
    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    /// <summary>What the lines are, when that is not plain (smoothing), for the legend.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The y values the axis must show: <see cref="YRange"/> when outliers are clipped, or else every drawn value
    /// (lines and their bands); with the zero line and the bands on the axis. Null when nothing is drawn.
    /// </summary>
    public (double Low, double High)? YLimits()
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        void Take(double v)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        if (YRange is { } range)
        {
            Take(range.Low);
            Take(range.High);
        }
        else
        {
            foreach (var line in Lines)
            {
                foreach (double v in line.Ys)
                {
                    Take(v);
                }
                if (line.Band is { } band)
                {
                    foreach (double v in band.Low)
                    {
                        Take(v);
                    }
                    foreach (double v in band.High)
                    {
                        Take(v);
                    }
                }
            }
        }
        if (!double.IsFinite(low))
        {
            return null;
        }
        if (ZeroLine)
        {
            Take(0);
        }
        foreach (var band in HorizontalBands.Where(b => b.OnAxis))
        {
            Take(band.Low);
            Take(band.High);
        }
        return (low, high);
    }
}
