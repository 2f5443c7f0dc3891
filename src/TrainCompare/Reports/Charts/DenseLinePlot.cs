using ScottPlot;
using SkiaSharp;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// A line of more points than the plot has pixel columns (a decimated long series), drawn as what it looks like
/// at that density: in each pixel column, one bar from the lowest to the highest point the line passes there
/// (the points in the column and the one before it, which the line joins), as wide as the line. Stroking the
/// same zigzag (thousands of segments, most spanning the plot's height when the values are noisy) costs Skia
/// far more for the same pixels. Where the points skip columns (a gap in the steps), the bars are joined by a
/// segment, as a line would be.
/// </summary>
internal sealed class DenseLinePlot(double[] xs, double[] ys, Color color, float width) : IPlottable
{
    public bool IsVisible { get; set; } = true;

    public IAxes Axes { get; set; } = new ScottPlot.Axes();

    public IEnumerable<LegendItem> LegendItems => [];

    public AxisLimits GetAxisLimits() => xs.Length == 0 ? AxisLimits.NoLimits : new AxisLimits(xs[0], xs[^1], ys.Min(), ys.Max());

    public void Render(RenderPack rp)
    {
        ArgumentNullException.ThrowIfNull(rp);
        using var bars = new SKPath();
        using var joins = new SKPath();
        float half = width / 2;
        int column = int.MinValue;
        float low = 0, high = 0, previousX = float.NaN, previousY = float.NaN;
        for (int i = 0; i < xs.Length; i++)
        {
            float px = Axes.GetPixelX(xs[i]), py = Axes.GetPixelY(ys[i]);
            int c = (int)MathF.Floor(px);
            if (c != column)
            {
                if (column != int.MinValue)
                {
                    bars.AddRect(new SKRect(column + 0.5f - half, low - half, column + 0.5f + half, high + half));
                }
                if (column != int.MinValue && c > column + 1)
                {
                    // a gap: the line's segment across it, and this column starts from its own point alone
                    joins.MoveTo(previousX, previousY);
                    joins.LineTo(px, py);
                    low = high = py;
                }
                else
                {
                    low = float.IsNaN(previousY) ? py : MathF.Min(previousY, py);
                    high = float.IsNaN(previousY) ? py : MathF.Max(previousY, py);
                }
                column = c;
            }
            else
            {
                low = MathF.Min(low, py);
                high = MathF.Max(high, py);
            }
            previousX = px;
            previousY = py;
        }
        if (column != int.MinValue)
        {
            bars.AddRect(new SKRect(column + 0.5f - half, low - half, column + 0.5f + half, high + half));
        }
        rp.Canvas.Save();
        rp.Canvas.ClipRect(rp.DataRect.ToSKRect());
        using var fill = new SKPaint { Color = color.ToSKColor(), Style = SKPaintStyle.Fill, IsAntialias = false };
        rp.Canvas.DrawPath(bars, fill);
        using var stroke = new SKPaint { Color = color.ToSKColor(), Style = SKPaintStyle.Stroke, StrokeWidth = width, IsAntialias = false };
        rp.Canvas.DrawPath(joins, stroke);
        rp.Canvas.Restore();
    }
}
