using ScottPlot;
using SkiaSharp;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot and encodes it as PNG. 3000×1500 pixels: the old script's
/// 20×10 inches at 150 dpi, with font sizes and line widths scaled from its points to pixels, so the charts
/// read the same. Lines are drawn as SignalXY plots, which reduce each pixel column to its min and max,
/// so no spike is lost however many steps there are.
/// </summary>
public static class PngChartWriter
{
    public const int Width = 3000;
    public const int Height = 1500;

    /// <summary>Lines with at least this many points are drawn without anti-aliasing.</summary>
    public const int DenseLine = 3000;

    /// <summary>matplotlib points to pixels at 150 dpi.</summary>
    private const float Scale = 150f / 72f;

    private static readonly Color[] Palette = [.. ChartPalette.Hex.Select(Color.FromHex)];

    public static byte[] Render(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var plot = Build(spec);
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        plot.Render(surface.Canvas, Width, Height);
        using var pixmap = surface.PeekPixels();
        // zlib level 1 with the Up filter encodes about 3x faster than the defaults, for a slightly larger file.
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Up, 1))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the chart as PNG");
        return data.ToArray();
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
        plot.Axes.Margins(0.03, 0.05);

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
            var color = Palette[(line.Color >= 0 ? line.Color : i) % Palette.Length];
            if (line.Band is { Xs.Length: > 1 } band)
            {
                var fill = plot.Add.FillY(band.Xs, band.Low, band.High);
                fill.FillColor = color.WithAlpha(0.18);
                fill.LineWidth = 0;
            }
            var signal = plot.Add.SignalXY(line.Xs, line.Ys, line.Faint ? color.WithAlpha(0.3) : color);
            signal.LineWidth = (line.Faint ? 1.2f : 2f) * Scale;
            // A decimated long series is a dense zigzag: anti-aliasing it costs Skia hundreds of milliseconds
            // and shows nothing at one segment per pixel column.
            signal.LineStyle.AntiAlias = line.Xs.Length < DenseLine;
            signal.MarkerSize = line.Xs.Length == 1 ? 8 * Scale : 0;
            signal.LegendText = line.InLegend ? line.Label : "";
            drawn++;
        }
        if (spec.Note is { } text)
        {
            var note = plot.Add.Annotation(text, Alignment.LowerLeft);
            note.LabelFontSize = 12 * Scale;
        }
        if (drawn == 0)
        {
            var note = plot.Add.Annotation("no data to plot", Alignment.MiddleCenter);
            note.LabelFontSize = 16 * Scale;
        }
        else
        {
            plot.Legend.FontSize = 14 * Scale;
            plot.Legend.SymbolWidth = 30 * Scale;
            plot.Legend.Padding = new PixelPadding(6 * Scale);
            plot.Legend.OutlineWidth = 1 * Scale;
            plot.ShowLegend(Alignment.UpperRight);
        }
        return plot;
    }
}
