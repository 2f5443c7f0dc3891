using System.Globalization;
using ScottPlot;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// Draws a <see cref="BarChartSpec"/> with ScottPlot, at the line charts' size, fonts and scale
/// (<see cref="PngChartWriter"/>): one row per category from the top, one bar per run in its colour, a line at zero,
/// each bar's value at its end, the categories' names on the left, the runs in a legend under the plot.
/// </summary>
public static class BarChartWriter
{
    private const float Scale = 150f / 72f;

    public static byte[] Png(BarChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return PngChartWriter.Encode(Build(spec));
    }

    public static byte[] Svg(BarChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return System.Text.Encoding.UTF8.GetBytes(Build(spec).GetSvgXml(PngChartWriter.Width, PngChartWriter.Height));
    }

    internal static Plot Build(BarChartSpec spec)
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.Title(spec.Title, 20 * Scale);
        plot.XLabel(spec.ValueLabel, 16 * Scale);
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Bottom.Label.Bold = false;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 13 * Scale;
            axis.MajorTickStyle.Length = 6 * Scale;
            axis.MajorTickStyle.Width = 1 * Scale;
            axis.MinorTickStyle.Length = 0;
            axis.FrameLineStyle.Width = 1 * Scale;
        }
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.15);
        plot.Grid.MajorLineWidth = 1 * Scale;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;

        var runs = spec.Runs;
        int n = spec.Groups.Count;
        if (n == 0)
        {
            plot.Add.Annotation("no op changes to plot", Alignment.MiddleCenter).LabelFontSize = 16 * Scale;
            return plot;
        }
        var (low, high) = spec.Limits();
        var x = SvgAxis.Fitting(low, high, 0.12, 7, 10); // room for the value labels at the bars' ends
        double size = 0.8 / Math.Max(1, runs.Count);
        var bars = new List<Bar>();
        for (int g = 0; g < n; g++)
        {
            double center = n - 1 - g; // the largest change at the top
            foreach (var bar in spec.Groups[g].Bars)
            {
                int k = runs.ToList().FindIndex(r => r.Color == bar.Color);
                var color = Color.FromHex(ChartPalette.HexAt(bar.Color));
                bars.Add(new Bar
                {
                    Position = center + (k - (runs.Count - 1) / 2.0) * size,
                    Value = bar.Value,
                    ValueBase = 0,
                    Size = size * 0.92,
                    FillColor = color,
                    LineWidth = 0,
                    Label = ProfileTables.WithSign(bar.Value),
                });
            }
        }
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        foreach (var bar in plottable.Bars)
        {
            bar.LabelOffset = 6 * Scale;
        }
        plottable.ValueLabelStyle.FontSize = 12 * Scale;
        var zero = plot.Add.VerticalLine(0);
        zero.LineColor = Colors.Black.WithAlpha(0.6);
        zero.LineWidth = 1.5f * Scale;
        zero.ExcludeFromLegend = true;

        plot.Axes.SetLimits(x.Min, x.Max, -0.6, n - 0.4);
        plot.Axes.Bottom.SetTicks(x.Ticks, [.. x.Ticks.Select(t => Minus(x.Label(t)))]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, n).Select(i => (double)(n - 1 - i))], [.. spec.Groups.Select(gr => gr.Label)]);

        var legend = runs.Select(r => new LegendItem
        {
            LabelText = r.Run, FillColor = Color.FromHex(ChartPalette.HexAt(r.Color)), LineWidth = 0, MarkerShape = MarkerShape.FilledSquare,
            MarkerSize = 14 * Scale, MarkerFillColor = Color.FromHex(ChartPalette.HexAt(r.Color)),
        }).Concat(spec.Notes.Select(t => new LegendItem { LabelText = t, LineWidth = 0 }));
        plot.Legend.FontSize = 14 * Scale;
        plot.Legend.SymbolWidth = 30 * Scale;
        plot.Legend.Padding = new PixelPadding(6 * Scale);
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.InterItemPadding = new PixelPadding(12 * Scale, 12 * Scale, 2 * Scale, 2 * Scale);
        plot.Legend.ManualItems.AddRange(legend);
        plot.Legend.DisplayPlottableLegendItems = false;
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.TightHorizontalWrapping = true;
        return plot;
    }

    private static string Minus(string label) => label.StartsWith('-') ? "\u2212" + label[1..] : label;

    internal static string Number(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
