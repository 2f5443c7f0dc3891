using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace TrainCompare.Reports.Charts;

/// <summary>
/// A <see cref="ChartSpec"/> as an HTML figure for report.html: a legend, an inline SVG (axes, grid, bands,
/// one polyline per line) and the drawn points as JSON for the page's script, which shows step and values on
/// hover and hides a run when its legend entry is clicked. Without the script the figure still reads: the
/// lines, the legend and each line's name as a tooltip. Every piece of user text is HTML-encoded.
/// </summary>
public static class HtmlChartWriter
{
    /// <summary>Columns the lines are decimated to: the plot area's width.</summary>
    public const int Columns = 860;

    public const int Width = 960;
    public const int Height = 420;
    private const double Left = 76, Right = 20, Top = 12, Bottom = 54;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(ChartSpec spec, string id)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // a line without a colour takes its position's, as in PngChartWriter; its colour index is its run
        var drawn = spec.Lines.Select((l, i) => l.Color >= 0 ? l : l with { Color = i }).Where(l => l.Xs.Length > 0).ToArray();
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom;
        var x = SvgAxis.Of(drawn.Length == 0 ? 0 : drawn.Min(l => l.Xs[0]), drawn.Length == 0 ? 1 : drawn.Max(l => l.Xs[^1]), 0.03, 8);
        // the same values as the PNG's axis: the clipped range when outliers are cut, the tolerance bands on the axis
        var (yLow, yHigh) = spec.YLimits() ?? (0, 1);
        var y = SvgAxis.Of(yLow, yHigh, 0.05, 6);
        double Px(double v) => Left + (v - x.Min) / (x.Max - x.Min) * plotW;
        double Py(double v) => Top + (y.Max - v) / (y.Max - y.Min) * plotH;
        string N(double v) => v.ToString("0.#", Inv);

        var sb = new StringBuilder();
        sb.Append($"<figure class=\"chart\" id=\"{H(id)}\">\n<figcaption>{H(spec.Title)}</figcaption>\n");
        var keys = drawn.Where(l => l.InLegend).ToArray();
        sb.Append("<div class=\"legend\">");
        foreach (var line in keys)
        {
            int series = line.Color;
            sb.Append($"<span class=\"key\" data-series=\"{series}\"><span class=\"swatch\" style=\"background:{ChartPalette.HexAt(series)}\"></span>{H(line.Label)}</span>");
        }
        sb.Append("</div>\n");
        sb.Append($"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{H(spec.Title)}\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        sb.Append("<g class=\"grid\">");
        foreach (double t in x.Ticks)
        {
            sb.Append($"<line x1=\"{N(Px(t))}\" y1=\"{N(Top)}\" x2=\"{N(Px(t))}\" y2=\"{N(Top + plotH)}\"/>");
        }
        foreach (double t in y.Ticks)
        {
            sb.Append($"<line x1=\"{N(Left)}\" y1=\"{N(Py(t))}\" x2=\"{N(Left + plotW)}\" y2=\"{N(Py(t))}\"/>");
        }
        sb.Append("</g>\n<g class=\"ticks\">");
        foreach (double t in x.Ticks)
        {
            sb.Append($"<text x=\"{N(Px(t))}\" y=\"{N(Top + plotH + 18)}\" text-anchor=\"middle\">{x.Label(t)}</text>");
        }
        foreach (double t in y.Ticks)
        {
            sb.Append($"<text x=\"{N(Left - 6)}\" y=\"{N(Py(t) + 4)}\" text-anchor=\"end\">{y.Label(t)}</text>");
        }
        sb.Append("</g>\n");
        sb.Append($"<text class=\"axis\" x=\"{N(Left + plotW / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">{H(spec.XLabel)}</text>\n");
        sb.Append($"<text class=\"axis\" transform=\"translate(16 {N(Top + plotH / 2)}) rotate(-90)\" text-anchor=\"middle\">{H(spec.YLabel)}</text>\n");
        sb.Append($"<rect class=\"frame\" x=\"{N(Left)}\" y=\"{N(Top)}\" width=\"{N(plotW)}\" height=\"{N(plotH)}\"/>\n");
        // lines, bands and marks stay inside the plot area: a clipped range leaves outliers beyond it
        string clip = H(id) + "-plot";
        sb.Append($"<clipPath id=\"{clip}\"><rect x=\"{N(Left)}\" y=\"{N(Top)}\" width=\"{N(plotW)}\" height=\"{N(plotH)}\"/></clipPath>\n");
        sb.Append($"<g clip-path=\"url(#{clip})\">\n");
        foreach (var band in spec.HorizontalBands.Where(b => b.OnAxis))
        {
            string color = ChartPalette.HexAt(band.Color);
            sb.Append($"<rect class=\"tolerance\" data-series=\"{band.Color}\" x=\"{N(Left)}\" y=\"{N(Py(band.High))}\" width=\"{N(plotW)}\" "
                      + $"height=\"{N(Py(band.Low) - Py(band.High))}\" fill=\"none\" stroke=\"{color}\" stroke-opacity=\"0.8\" "
                      + $"stroke-dasharray=\"3 2\"><title>{H(band.Label)}</title></rect>\n");
        }
        foreach (var marker in spec.Markers)
        {
            sb.Append($"<line class=\"divergence\" data-series=\"{marker.Color}\" x1=\"{N(Px(marker.X))}\" y1=\"{N(Top)}\" x2=\"{N(Px(marker.X))}\" "
                      + $"y2=\"{N(Top + plotH)}\" stroke=\"{ChartPalette.HexAt(marker.Color)}\" stroke-dasharray=\"6 4\"><title>{H(marker.Label)}</title></line>\n");
        }
        if (spec.ZeroLine)
        {
            sb.Append($"<line class=\"zero\" x1=\"{N(Left)}\" y1=\"{N(Py(0))}\" x2=\"{N(Left + plotW)}\" y2=\"{N(Py(0))}\"/>\n");
        }
        if (drawn.Length == 0)
        {
            sb.Append($"<text class=\"axis\" x=\"{N(Left + plotW / 2)}\" y=\"{N(Top + plotH / 2)}\" text-anchor=\"middle\">no data to plot</text>\n");
        }
        foreach (var line in drawn)
        {
            int series = line.Color;
            string color = ChartPalette.HexAt(series);
            if (line.Band is { Xs.Length: > 1 } band)
            {
                sb.Append($"<path class=\"band\" data-series=\"{series}\" fill=\"{color}\" d=\"M");
                for (int i = 0; i < band.Xs.Length; i++)
                {
                    sb.Append(N(Px(band.Xs[i]))).Append(',').Append(N(Py(band.High[i]))).Append(' ');
                }
                for (int i = band.Xs.Length - 1; i >= 0; i--)
                {
                    sb.Append(N(Px(band.Xs[i]))).Append(',').Append(N(Py(band.Low[i]))).Append(' ');
                }
                sb.Append("Z\"/>\n");
            }
            string cls = line.Faint ? "line faint" : "line";
            // a layered line's width overrides the stylesheet's, so it goes in a style attribute
            string width = line.Width == 1 || line.Faint ? "" : $" style=\"stroke-width:{(1.6 * line.Width).ToString("0.##", Inv)}\"";
            if (line.Xs.Length == 1)
            {
                sb.Append($"<circle class=\"{cls}\" data-series=\"{series}\" fill=\"{color}\" r=\"4\" cx=\"{N(Px(line.Xs[0]))}\" cy=\"{N(Py(line.Ys[0]))}\"><title>{H(line.Label)}</title></circle>\n");
                continue;
            }
            sb.Append($"<polyline class=\"{cls}\" data-series=\"{series}\" stroke=\"{color}\"{width} points=\"");
            for (int i = 0; i < line.Xs.Length; i++)
            {
                sb.Append(N(Px(line.Xs[i]))).Append(',').Append(N(Py(line.Ys[i]))).Append(' ');
            }
            sb.Append($"\"><title>{H(line.Label)}</title></polyline>\n");
        }
        // values beyond a clipped range: a triangle at the edge of the plot area, pointing the way they lie
        foreach (var line in drawn)
        {
            foreach (var (steps, up) in new[] { (line.ClippedAbove, true), (line.ClippedBelow, false) })
            {
                if (steps.Length == 0)
                {
                    continue;
                }
                sb.Append($"<path class=\"clipped\" data-series=\"{line.Color}\" fill=\"{ChartPalette.HexAt(line.Color)}\" d=\"");
                foreach (double step in steps)
                {
                    sb.Append(up ? $"M{N(Px(step))},{N(Top + 1)} l-4,8 h8 z " : $"M{N(Px(step))},{N(Top + plotH - 1)} l-4,-8 h8 z ");
                }
                sb.Append($"\"><title>{H(line.Label)}</title></path>\n");
            }
        }
        sb.Append("</g>\n");
        sb.Append($"<line class=\"cursor\" x1=\"0\" y1=\"{N(Top)}\" x2=\"0\" y2=\"{N(Top + plotH)}\" visibility=\"hidden\"/>\n");
        sb.Append("</svg>\n");
        // under the plot, as the PNG's legend is; the page's stylesheet knows no spacing for them, so it is given here
        foreach (string note in Notes(spec))
        {
            sb.Append($"<p class=\"note\" style=\"margin:2px 0 0 {N(Left)}px;font-size:0.9em\">{H(note)}</p>\n");
        }
        sb.Append("<div class=\"tip\" hidden></div>\n");
        sb.Append("<script type=\"application/json\" class=\"chart-data\">").Append(Data(spec, drawn, x, y, plotW, plotH)).Append("</script>\n");
        sb.Append("</figure>\n");
        return sb.ToString();
    }

    /// <summary>
    /// What the script needs for hover: the axes' ranges and the plot area in SVG units, and each main line's
    /// points. The encoder escapes &lt;, &gt; and &amp;, so no label can close the script element.
    /// </summary>
    private static string Data(ChartSpec spec, ChartLine[] drawn, SvgAxis x, SvgAxis y, double plotW, double plotH)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("x0", x.Min);
            w.WriteNumber("x1", x.Max);
            w.WriteNumber("y0", y.Min);
            w.WriteNumber("y1", y.Max);
            w.WriteNumber("left", Left);
            w.WriteNumber("top", Top);
            w.WriteNumber("width", plotW);
            w.WriteNumber("height", plotH);
            w.WriteString("xLabel", spec.XLabel);
            w.WriteStartArray("lines");
            foreach (var line in drawn.Where(l => !l.Faint))
            {
                w.WriteStartObject();
                w.WriteNumber("series", line.Color);
                w.WriteString("label", line.Label);
                w.WriteString("color", ChartPalette.HexAt(line.Color));
                w.WriteStartArray("x");
                foreach (double v in line.Xs)
                {
                    w.WriteNumberValue(v);
                }
                w.WriteEndArray();
                w.WriteStartArray("y");
                foreach (double v in line.Ys)
                {
                    w.WriteNumberValue(double.Parse(v.ToString("G7", Inv), Inv)); // 7 digits are plenty for a tooltip
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>What the figure says under its caption: the bands, the divergence steps, the values clipped, the notes.</summary>
    private static IEnumerable<string> Notes(ChartSpec spec)
    {
        foreach (var band in spec.HorizontalBands)
        {
            yield return band.Label + (band.OnAxis ? " (short dashes)" : "");
        }
        foreach (var marker in spec.Markers)
        {
            yield return marker.Label + " (dashed line)";
        }
        if (spec.YRange?.AboveLabel is { } above)
        {
            yield return "\u25B2 " + above;
        }
        if (spec.YRange?.BelowLabel is { } below)
        {
            yield return "\u25BC " + below;
        }
        foreach (string note in spec.Notes)
        {
            yield return note;
        }
        if (spec.Note is { } undrawable)
        {
            yield return undrawable;
        }
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
