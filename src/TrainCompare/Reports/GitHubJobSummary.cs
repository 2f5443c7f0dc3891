namespace TrainCompare.Reports;

/// <summary>
/// --github-summary: the Markdown summary appended to $GITHUB_STEP_SUMMARY. The job summary has no files next
/// to it, so it carries the Mermaid charts (with --mermaid) but no image links. Last in <see cref="Outputs.All"/>:
/// appended after everything else is staged, so an output that cannot be written leaves the summary as it was.
/// </summary>
public sealed class GitHubJobSummary : IOutput
{
    public string Name => "github-summary";

    public OutputKind Kind => OutputKind.Option;

    public string Description => "the Markdown summary appended to $GITHUB_STEP_SUMMARY (GitHub Actions' job summary)";

    private static string PathOf(OutputContext context) =>
        context.Settings.GitHubSummaryPath ?? throw new InvalidOperationException("the github-summary output needs OutputSettings.GitHubSummaryPath");

    public void Plan(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ReserveAppend(PathOf(context));
    }

    public void Write(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        context.Append(PathOf(context), MarkdownReport.Render(context.Comparison,
            new MarkdownContent(settings.ReportTitle, [], context.MermaidBlocks, settings.CommandLine)));
    }
}
