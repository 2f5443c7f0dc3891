using System.Text;

namespace TrainCompare.Reports.Charts;

/// <summary>The same charts as <see cref="PngChartWriter"/>, as SVG (--plots svg): same size, fonts and colours.</summary>
public static class SvgChartWriter
{
    public static byte[] Render(ChartSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var plot = PngChartWriter.Build(spec);
        return Encoding.UTF8.GetBytes(plot.GetSvgXml(PngChartWriter.Width, PngChartWriter.Height));
    }
}
