namespace TrainCompare.Reports;

/// <summary>--json PATH: everything the console shows as JSON (docs/json.md), at any path. (--json - is the CLI's: standard output.)</summary>
public sealed class JsonFile : IOutput
{
    public string Name => "json";

    public OutputKind Kind => OutputKind.Option;

    public string Description => "everything the console shows as JSON (docs/json.md)";

    private static string PathOf(OutputContext context) =>
        context.Settings.JsonPath ?? throw new InvalidOperationException("the json output needs OutputSettings.JsonPath");

    public void Plan(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.ReserveOutside(PathOf(context));
    }

    public void Write(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.StageOutside(PathOf(context), JsonReport.Render(context.Comparison), "--json");
    }
}
