namespace TrainCompare.Reports;

/// <summary>--report md: summary.md, for a PR description, linking the chart images written beside it.</summary>
public sealed class MarkdownSummary : IOutput
{
    public const string FileName = "summary.md";

    public string Name => "md";

    public OutputKind Kind => OutputKind.Report;

    public string Description => "summary.md, for PRs";

    public void Plan(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Reserve(FileName);
    }

    public void Write(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        string md = MarkdownReport.Render(context.Comparison,
            new MarkdownContent(settings.ReportTitle, context.Images, context.MermaidBlocks, settings.CommandLine));
        context.Stage(FileName, System.Text.Encoding.UTF8.GetBytes(md));
    }
}
