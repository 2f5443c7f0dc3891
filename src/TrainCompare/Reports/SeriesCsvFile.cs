namespace TrainCompare.Reports;

/// <summary>--report csv: series.csv, every metric of every run in long format, streamed.</summary>
public sealed class SeriesCsvFile : IOutput
{
    public const string FileName = "series.csv";

    public string Name => "csv";

    public OutputKind Kind => OutputKind.Report;

    public string Description => "series.csv, every metric in long format";

    public void Plan(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Reserve(FileName);
    }

    public void Write(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Stage(FileName, stream => SeriesCsv.Write(context.Comparison, stream));
    }
}
