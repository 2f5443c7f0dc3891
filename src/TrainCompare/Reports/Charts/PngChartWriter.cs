using ScottPlot;
using SkiaSharp;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot and encodes it as PNG. 3000×1500 pixels: the old script's
/// 20×10 inches at 150 dpi, with font sizes and line widths scaled from its points to pixels, so the charts
/// read the same. Short lines are drawn as SignalXY plots; decimated long ones (<see cref="MinMaxDecimator"/>, the
/// min and max of each pixel column, so no spike is lost however many steps there are) as one bar a column
/// (<see cref="DenseLinePlot"/>). The axes are chosen here, not by ScottPlot: 7 to 10 y ticks at round steps,
/// over the clipped range when a few outliers are cut; the legend sits under the plot, outside the data.
/// </summary>
public static class PngChartWriter
{
    public const int Width = 3000;
    public const int Height = 1500;

    /// <summary>Lines with at least this many points (decimated ones) are drawn as one bar a pixel column (<see cref="DenseLinePlot"/>).</summary>
    public const int DenseLine = 3000;

    /// <summary>matplotlib points to pixels at 150 dpi.</summary>
    private const float Scale = 150f / 72f;

    private static readonly Color[] Palette = [.. ChartPalette.Hex.Select(Color.FromHex)];

    public static byte[] Render(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Encode(Build(spec));
    }

    /// <summary>A plot drawn at <see cref="Width"/> × <see cref="Height"/> and encoded as PNG (the bar charts' too).</summary>
    internal static byte[] Encode(Plot plot)
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        plot.Render(surface.Canvas, Width, Height);
        using var pixmap = surface.PeekPixels();
        // zlib level 1 with the Up filter encodes about 3x faster than the defaults, for a slightly larger file.
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 1))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG");
        return data.ToArray();
    }

    /// <summary>The y axis the PNG draws: the values to show plus 5% of their span each side, with 7 to 10 ticks.</summary>
    public static SvgAxis YAxis(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (low, high) = spec.YLimits() ?? (0, 1);
        return SvgAxis.Fitting(low, high, 0.05, 7, 10);
    }

    /// <summary>The x axis the PNG draws: the lines' steps plus 3% each side, with 8 to 12 ticks.</summary>
    public static SvgAxis XAxis(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var drawn = spec.Lines.Where(l => l.Xs.Length > 0).ToArray();
        return drawn.Length == 0 ? SvgAxis.Fitting(0, 1, 0.03, 8, 12)
            : SvgAxis.Fitting(drawn.Min(l => l.Xs[0]), drawn.Max(l => l.Xs[^1]), 0.03, 8, 12);
    }

    internal static Plot Build(ChartSpec spec)
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Title(spec.Title, 20 * Scale);
        plot.XLabel(spec.XLabel, 16 * Scale);
        plot.YLabel(spec.YLabel, 16 * Scale);
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 14 * Scale;
            axis.MajorTickStyle.Length = 6 * Scale;
            axis.MajorTickStyle.Width = 1 * Scale;
            axis.MinorTickStyle.Length = 3 * Scale;
            axis.FrameLineStyle.Width = 1 * Scale;
        }
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.15);
        plot.Grid.MajorLineWidth = 1 * Scale;
        var x = XAxis(spec);
        var y = YAxis(spec);
        plot.Axes.SetLimits(x.Min, x.Max, y.Min, y.Max);
        plot.Axes.Bottom.SetTicks(x.Ticks, [.. x.Ticks.Select(t => Minus(x.Label(t)))]);
        plot.Axes.Left.SetTicks(y.Ticks, [.. y.Ticks.Select(t => Minus(y.Label(t)))]);

        // the legend: the runs' lines first, then the bands, the markers, the clipped values and the notes
        var legend = new List<LegendItem>();
        var keys = new List<LegendItem>();
        // each run's tolerance: its two edges, in the run's colour (a shaded band would tint most of the chart)
        foreach (var band in spec.HorizontalBands.Where(b => b.OnAxis))
        {
            foreach (double edge in new[] { band.Low, band.High })
            {
                var line = plot.Add.HorizontalLine(edge, 1.5f * Scale, PaletteAt(band.Color).WithAlpha(0.8), LinePattern.DenselyDashed);
                line.ExcludeFromLegend = true;
            }
        }
        foreach (var band in spec.HorizontalBands)
        {
            legend.Add(new LegendItem
            {
                LabelText = band.Label, LineColor = PaletteAt(band.Color).WithAlpha(0.8), LineWidth = 1.5f * Scale, LinePattern = LinePattern.DenselyDashed,
            });
        }
        if (spec.ZeroLine)
        {
            var zero = plot.Add.HorizontalLine(0);
            zero.LineColor = Colors.Black.WithAlpha(0.5);
            zero.LineWidth = 1.5f * Scale;
            zero.LinePattern = LinePattern.Dashed;
        }
        int drawn = 0;
        for (int i = 0; i < spec.Lines.Count; i++)
        {
            var line = spec.Lines[i];
            if (line.Xs.Length == 0)
            {
                continue;
            }
            var color = PaletteAt(line.Color >= 0 ? line.Color : i);
            if (line.Band is { Xs.Length: > 1 } band)
            {
                var fill = plot.Add.FillY(band.Xs, band.Low, band.High);
                fill.FillColor = color.WithAlpha(0.18);
                fill.LineWidth = 0;
            }
            var lineColor = line.Faint ? color.WithAlpha(0.3) : color;
            float width = (float)((line.Faint ? 1.2 : 2 * line.Width) * Scale);
            if (line.Xs.Length >= DenseLine)
            {
                // a decimated long series: one bar a pixel column, as the zigzag would look, far cheaper than stroking it
                plot.Add.Plottable(new DenseLinePlot(line.Xs, line.Ys, lineColor, width));
            }
            else
            {
                var signal = plot.Add.SignalXY(line.Xs, line.Ys, lineColor);
                signal.LineWidth = width;
                signal.LineStyle.AntiAlias = !Zigzag(line, x, y);
                signal.MarkerSize = line.Xs.Length == 1 ? 8 * Scale : 0;
            }
            if (line.InLegend)
            {
                keys.Add(new LegendItem { LabelText = line.Label, LineColor = color, LineWidth = width });
            }
            drawn++;
        }
        // values beyond a clipped range: a triangle at the edge, inside the axis margin, in the run's colour
        double inset = (y.Max - y.Min) * 0.015;
        foreach (var (line, i) in spec.Lines.Select((l, i) => (l, i)))
        {
            var color = PaletteAt(line.Color >= 0 ? line.Color : i);
            if (line.ClippedAbove.Length > 0)
            {
                plot.Add.Markers(line.ClippedAbove, [.. line.ClippedAbove.Select(_ => y.Max - inset)], MarkerShape.FilledTriangleUp, 9 * Scale, color);
            }
            if (line.ClippedBelow.Length > 0)
            {
                plot.Add.Markers(line.ClippedBelow, [.. line.ClippedBelow.Select(_ => y.Min + inset)], MarkerShape.FilledTriangleDown, 9 * Scale, color);
            }
        }
        if (spec.YRange is { } range)
        {
            foreach (var (text, shape) in new[] { (range.AboveLabel, MarkerShape.FilledTriangleUp), (range.BelowLabel, MarkerShape.FilledTriangleDown) })
            {
                if (text is not null)
                {
                    legend.Add(new LegendItem
                    {
                        LabelText = text, LineWidth = 0, MarkerShape = shape, MarkerSize = 9 * Scale,
                        MarkerFillColor = Colors.Black.WithAlpha(0.6), MarkerLineColor = Colors.Black.WithAlpha(0.6),
                    });
                }
            }
        }
        foreach (var marker in spec.Markers)
        {
            var color = PaletteAt(marker.Color);
            var v = plot.Add.VerticalLine(marker.X, 1.5f * Scale, color, LinePattern.Dashed);
            v.ExcludeFromLegend = true;
            legend.Add(new LegendItem { LabelText = marker.Label, LineColor = color, LineWidth = 1.5f * Scale, LinePattern = LinePattern.Dashed });
        }
        foreach (string text in spec.Notes.Concat(spec.Note is { } n ? [n] : []))
        {
            legend.Add(new LegendItem { LabelText = text, LineWidth = 0 });
        }
        if (drawn == 0)
        {
            var note = plot.Add.Annotation("no data to plot", Alignment.MiddleCenter);
            note.LabelFontSize = 16 * Scale;
        }
        else
        {
            // outside the data area, under it, so no line is ever hidden behind the legend
            plot.Legend.FontSize = 14 * Scale;
            plot.Legend.SymbolWidth = 30 * Scale;
            plot.Legend.Padding = new PixelPadding(6 * Scale);
            plot.Legend.OutlineWidth = 0;
            plot.Legend.ManualItems.AddRange(keys.Concat(legend));
            plot.Legend.ShadowColor = Colors.Transparent;
            plot.Legend.InterItemPadding = new PixelPadding(12 * Scale, 12 * Scale, 2 * Scale, 2 * Scale);
            plot.Legend.DisplayPlottableLegendItems = false;
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.Orientation = Orientation.Horizontal;
            plot.Legend.TightHorizontalWrapping = true;
        }
        return plot;
    }

    /// <summary>Lines with fewer points are always anti-aliased.</summary>
    public const int ZigzagPoints = 500;

    /// <summary>
    /// A noisy series of many points: its segments climb, on average, more than four times as far as they advance
    /// (at about the plot area's 2800 × 1150 pixels). Anti-aliasing such a zigzag costs Skia about twice the time of
    /// the whole chart and shows nothing on segments that are nearly vertical; a smooth curve (a loss, a rolling
    /// mean) keeps it, where jagged edges would show.
    /// </summary>
    internal static bool Zigzag(ChartLine line, SvgAxis x, SvgAxis y)
    {
        if (line.Xs.Length < ZigzagPoints)
        {
            return false;
        }
        double sx = 2800 / (x.Max - x.Min), sy = 1150 / (y.Max - y.Min);
        double advance = 0, climb = 0;
        for (int i = 1; i < line.Xs.Length; i++)
        {
            advance += Math.Abs(line.Xs[i] - line.Xs[i - 1]) * sx;
            climb += Math.Abs(line.Ys[i] - line.Ys[i - 1]) * sy;
        }
        return climb > 4 * advance;
    }

    private static Color PaletteAt(int index) => Palette[index % Palette.Length];

    /// <summary>A tick label with a true minus sign, as matplotlib writes it.</summary>
    private static string Minus(string label) => label.StartsWith('-') ? "\u2212" + label[1..] : label;
}
