namespace TrainCompare.Reports;

/// <summary>--mermaid: losses.md, losses_diff.md and step_time.md, Mermaid charts GitHub renders; the Markdown reports embed them.</summary>
public sealed class MermaidFiles : IOutput
{
    public string Name => "mermaid";

    public OutputKind Kind => OutputKind.Option;

    public string Description => "losses.md, losses_diff.md and step_time.md: Mermaid charts that GitHub renders, also put in summary.md and the job summary";

    public void Plan(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (stem, _) in context.MermaidCharts)
        {
            context.Reserve(stem + ".md");
        }
    }

    public void Write(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (stem, markdown) in context.MermaidCharts)
        {
            context.Stage(stem + ".md", System.Text.Encoding.UTF8.GetBytes(markdown));
            context.AddMermaid(markdown);
        }
    }
}
