using System.Text;
using TrainCompare.Analysis;
using TrainCompare.Reports;
using TrainCompare.Reports.Charts;

namespace TrainCompare.Tests.Reports;

public class CsvAndHtmlTests
{
    private static string Csv(Comparison comparison)
    {
        using var stream = new MemoryStream();
        SeriesCsv.Write(comparison, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Csv_is_long_format_with_every_metric_and_rfc4180_quoting()
    {
        var a = TestLogs.Run("Step: 1, Loss: 2.5, Time: 100 ms\nStep: 2, Loss: nan, Time: 101.25 ms\n", "base, \"v1\"");
        var b = TestLogs.Run("Step: 2, Loss: 0.1, Time: 90 ms, TPS: 1000\nStep: 3, Loss: inf, Time: 1e-05 ms, TPS: 1001\n", "fused");
        var comparison = Comparison.Of([a, b], new ComparisonOptions { WarmupSteps = 0 });
        string expected = string.Join("\r\n",
            "run,step,metric,value",
            "\"base, \"\"v1\"\"\",1,loss,2.5",
            "\"base, \"\"v1\"\"\",2,loss,nan",
            "\"base, \"\"v1\"\"\",1,step_time_ms,100",
            "\"base, \"\"v1\"\"\",2,step_time_ms,101.25",
            "fused,2,loss,0.1",
            "fused,3,loss,inf",
            "fused,2,step_time_ms,90",
            "fused,3,step_time_ms,1E-05",
            "fused,2,tokens_per_s,1000",
            "fused,3,tokens_per_s,1001",
            "");
        Assert.Equal(expected, Csv(comparison));
    }

    [Fact]
    public void Csv_text_cells_that_look_like_formulas_get_a_quote_and_numbers_stay_numbers()
    {
        var a = TestLogs.Run("Step: 1, Loss: -0.5\n", "=cmd|' /C calc'!A0");
        var comparison = Comparison.Of([a], new ComparisonOptions { WarmupSteps = 0 });
        Assert.Equal("run,step,metric,value\r\n'=cmd|' /C calc'!A0,1,loss,-0.5\r\n", Csv(comparison));
    }

    [Fact]
    public void Csv_takes_labels_longer_than_its_buffer()
    {
        string label = new('x', 200_000);
        var a = TestLogs.Run("Step: 1, Loss: 1\nStep: 2, Loss: 2\n", label);
        var comparison = Comparison.Of([a], new ComparisonOptions { WarmupSteps = 0 });
        Assert.Equal($"run,step,metric,value\r\n{label},1,loss,1\r\n{label},2,loss,2\r\n", Csv(comparison));
    }

    [Fact]
    public void Csv_steps_are_the_aligned_ones()
    {
        var a = TestLogs.Run(TestLogs.Log(2, s => s, firstStep: 100), "a");
        var comparison = Comparison.Of([a], new ComparisonOptions { Align = Alignment.Relative });
        Assert.Equal("run,step,metric,value\r\na,0,loss,100\r\na,1,loss,101\r\n", Csv(comparison));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-fast", "'-fast")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b-c", "a=b-c")]
    [InlineData("", "")]
    public void Csv_fields_are_quoted_only_when_they_must_be(string text, string expected) => Assert.Equal(expected, SeriesCsv.Field(text));

    [Fact]
    public void Html_encodes_every_label_title_and_file_name_and_asks_the_network_for_nothing()
    {
        const string evil = "<img src=x onerror=alert(1)>";
        var a = TestLogs.Run(TestLogs.Log(30, s => 3 - s * 0.01, _ => 100), "base</script><script>alert(2)</script>");
        var b = TestLogs.Run(TestLogs.Log(30, s => 3 - s * 0.01, _ => 90), evil);
        var comparison = Comparison.Of([a, b], new ComparisonOptions { WarmupSteps = 0 });
        var charts = ComparisonCharts.For(comparison, "<b>title</b> ", HtmlChartWriter.Columns);
        string html = HtmlReport.Render(comparison, charts, "<b>title</b> comparison", "traincmp --labels '<img>'");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>title", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(2)</script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;title&lt;/b&gt; comparison", html, StringComparison.Ordinal);
        // the labels inside the hover data are JSON with <, > and & escaped, so they cannot close the script element
        Assert.Contains("\\u003Cimg src=x onerror=alert(1)\\u003E", html, StringComparison.Ordinal);
        // one script element of ours (plus one JSON block per chart): nothing a label opened
        Assert.Equal(1 + charts.Count, html.Split("<script").Length - 1);
        // offline: no address anywhere but the SVG namespace, and a policy that forbids fetching anything
        Assert.DoesNotMatch(@"(?i)(src|href)\s*=\s*""(https?:|//)", html);
        Assert.Equal(charts.Count, System.Text.RegularExpressions.Regex.Count(html, "http://www.w3.org/2000/svg"));
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("content=\"default-src 'none';", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"icon\" href=\"data:,\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_charts_draw_each_run_with_its_palette_colour_and_legend()
    {
        var a = TestLogs.Run(TestLogs.Log(10, s => s, _ => 100), "a");
        var b = TestLogs.Run(TestLogs.Log(10, s => s + 1, _ => 90), "b");
        var comparison = Comparison.Of([a, b], new ComparisonOptions { WarmupSteps = 0 });
        string figure = HtmlChartWriter.Render(ComparisonCharts.For(comparison, "")[0], "chart-losses");
        Assert.StartsWith("<figure class=\"chart\" id=\"chart-losses\">\n<figcaption>Loss Comparison: All Runs</figcaption>\n", figure, StringComparison.Ordinal);
        Assert.Contains("<span class=\"key\" data-series=\"0\"><span class=\"swatch\" style=\"background:#1f77b4\"></span>a</span>", figure, StringComparison.Ordinal);
        // the loss chart draws the baseline wider, underneath (2.5 × 1.6), and b narrower on top (0.8 × 1.6)
        Assert.Contains("<polyline class=\"line\" data-series=\"0\" stroke=\"#1f77b4\" style=\"stroke-width:4\" points=\"", figure, StringComparison.Ordinal);
        Assert.Contains("<polyline class=\"line\" data-series=\"1\" stroke=\"#ff7f0e\" style=\"stroke-width:1.28\" points=\"", figure, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(figure, "<polyline "));
        // ten points per line, in the hover data as given
        Assert.Contains("\"x\":[1,2,3,4,5,6,7,8,9,10],\"y\":[2,3,4,5,6,7,8,9,10,11]", figure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, 0.0, 5, new[] { 0.0, 2, 4, 6, 8, 10 }, 0)]
    [InlineData(2.05, 2.45, 0.0, 4, new[] { 2.1, 2.2, 2.3, 2.4 }, 1)]
    [InlineData(0, 1_000_000, 0.0, 5, new[] { 0.0, 200_000, 400_000, 600_000, 800_000, 1_000_000 }, 0)]
    public void Svg_axes_take_nice_ticks(double low, double high, double margin, int target, double[] ticks, int decimals)
    {
        var axis = SvgAxis.Of(low, high, margin, target);
        Assert.Equal(ticks.Length, axis.Ticks.Length);
        for (int i = 0; i < ticks.Length; i++)
        {
            Assert.Equal(ticks[i], axis.Ticks[i], 9);
        }
        Assert.Equal(decimals, axis.Decimals);
    }

    [Fact]
    public void Svg_axis_labels_read_well()
    {
        Assert.Equal("1,000,000", SvgAxis.Of(0, 1_000_000, 0, 5).Label(1_000_000));
        Assert.Equal("2.3", SvgAxis.Of(2.05, 2.45, 0, 4).Label(2.3));
        Assert.Equal("-0.005", SvgAxis.Of(-0.006, 0.006, 0, 4).Label(-0.005));
    }
}
