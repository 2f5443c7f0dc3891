using System.Globalization;
using System.Net;
using System.Text;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// A <see cref="BarChartSpec"/> as an HTML figure for report.html: a legend and an inline SVG of horizontal bars diverging from zero, each category's
/// name on its left and each bar's value at its end, with a tooltip. Every piece of user text is HTML-encoded.
/// </summary>
public static class HtmlBarChartWriter
{
    public const int Width = 960;
    private const double Left = 330, Right = 70, Top = 8, Bottom = 46, Row = 26;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(BarChartSpec spec, string id)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var runs = spec.Runs;
        int n = spec.Groups.Count;
        double plotW = Width - Left - Right, plotH = Math.Max(1, n) * Row;
        double height = Top + plotH + Bottom;
        var (low, high) = spec.Limits();
        var x = SvgAxis.Of(low, high, 0.15, 8); // room for the values at the bars' ends
        double Px(double v) => Left + (v - x.Min) / (x.Max - x.Min) * plotW;
        string N(double v) => v.ToString("0.#", Inv);

        var sb = new StringBuilder();
        // not a "chart" figure: the page's script (hover over steps) is for line charts; this one reads without it
        sb.Append($"<figure class=\"bars\" id=\"{H(id)}\" style=\"margin:0 0 28px\">\n<figcaption>{H(spec.Title)}</figcaption>\n<div class=\"legend\">");
        foreach (var (run, color) in runs)
        {
            sb.Append($"<span class=\"key\" data-series=\"{color}\"><span class=\"swatch\" style=\"background:{ChartPalette.HexAt(color)}\"></span>{H(run)}</span>");
        }
        sb.Append("</div>\n");
        sb.Append($"<svg viewBox=\"0 0 {Width} {N(height)}\" role=\"img\" aria-label=\"{H(spec.Title)}\" xmlns=\"http://www.w3.org/2000/svg\" style=\"width:100%;height:auto;display:block;font-family:'DejaVu Sans',system-ui,sans-serif\">\n<g class=\"grid\">");
        foreach (double t in x.Ticks)
        {
            sb.Append($"<line x1=\"{N(Px(t))}\" y1=\"{N(Top)}\" x2=\"{N(Px(t))}\" y2=\"{N(Top + plotH)}\"/>");
        }
        sb.Append("</g>\n<g class=\"ticks\">");
        foreach (double t in x.Ticks)
        {
            string label = x.Label(t);
            sb.Append($"<text x=\"{N(Px(t))}\" y=\"{N(Top + plotH + 18)}\" text-anchor=\"middle\">{(label.StartsWith('-') ? "\u2212" + label[1..] : label)}</text>");
        }
        sb.Append("</g>\n");
        sb.Append($"<text class=\"axis\" x=\"{N(Left + plotW / 2)}\" y=\"{N(height - 8)}\" text-anchor=\"middle\">{H(spec.ValueLabel)}</text>\n");
        double size = (Row - 6) / Math.Max(1, runs.Count);
        for (int g = 0; g < n; g++)
        {
            var group = spec.Groups[g];
            double top = Top + g * Row + 3;
            sb.Append($"<text class=\"category\" x=\"{N(Left - 8)}\" y=\"{N(top + (Row - 6) / 2 + 4)}\" text-anchor=\"end\" font-size=\"12\">"
                      + $"<title>{H(group.Label)}</title>{H(Profiles.KernelNames.Shorten(group.Label, 44))}</text>\n");
            foreach (var bar in group.Bars)
            {
                int k = runs.ToList().FindIndex(r => r.Color == bar.Color);
                double y = top + k * size;
                double x0 = Px(Math.Min(0, bar.Value)), x1 = Px(Math.Max(0, bar.Value));
                string value = ProfileTables.WithSign(bar.Value);
                sb.Append($"<g data-series=\"{bar.Color}\"><rect class=\"bar\" x=\"{N(x0)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0.5, x1 - x0))}\" height=\"{N(size * 0.9)}\" "
                          + $"fill=\"{ChartPalette.HexAt(bar.Color)}\"><title>{H(bar.Run)}: {H(group.Label)} {value} ms</title></rect>");
                bool left = bar.Value < 0;
                sb.Append($"<text x=\"{N(left ? x0 - 4 : x1 + 4)}\" y=\"{N(y + size * 0.45 + 4)}\" text-anchor=\"{(left ? "end" : "start")}\" font-size=\"11\" "
                          + $"fill=\"#59636e\">{value}</text></g>\n");
            }
        }
        sb.Append($"<line class=\"zero-v\" x1=\"{N(Px(0))}\" y1=\"{N(Top)}\" x2=\"{N(Px(0))}\" y2=\"{N(Top + plotH)}\" stroke=\"#000\" stroke-opacity=\"0.6\"/>\n");
        sb.Append($"<rect class=\"frame\" x=\"{N(Left)}\" y=\"{N(Top)}\" width=\"{N(plotW)}\" height=\"{N(plotH)}\"/>\n</svg>\n");
        foreach (string note in spec.Notes)
        {
            sb.Append($"<p class=\"note\" style=\"margin:2px 0 0 {N(Left)}px;font-size:0.9em\">{H(note)}</p>\n");
        }
        sb.Append("</figure>\n");
        return sb.ToString();
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
