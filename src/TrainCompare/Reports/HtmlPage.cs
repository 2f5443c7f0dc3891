using TrainCompare.Reports.Charts;

namespace TrainCompare.Reports;

/// <summary>--report html: report.html, one self-contained page (inline SVG charts, no scripts from elsewhere).</summary>
public sealed class HtmlPage : IOutput
{
    public const string FileName = "report.html";

    public string Name => "html";

    public OutputKind Kind => OutputKind.Report;

    public string Description => "report.html, self-contained";

    public void Plan(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Reserve(FileName);
    }

    public void Write(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var charts = ComparisonCharts.For(context.Comparison, context.Settings.TitlePrefix, HtmlChartWriter.Columns);
        string html = HtmlReport.Render(context.Comparison, charts, context.Settings.ReportTitle, context.Settings.CommandLine, context.BarCharts);
        context.Stage(FileName, System.Text.Encoding.UTF8.GetBytes(html));
    }
}
