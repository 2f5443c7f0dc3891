namespace TrainCompare.Reports;

/// <summary>--report csv: series.csv, every metric of every run in long format, streamed; with profiles, profile_ops.csv too.</summary>
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
        if (ProfileCsv.Any(context.Comparison))
        {
            context.Reserve(ProfileCsv.FileName);
        }
    }

    public void Write(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Stage(FileName, stream => SeriesCsv.Write(context.Comparison, stream));
        if (ProfileCsv.Any(context.Comparison))
        {
            context.Stage(ProfileCsv.FileName, stream => ProfileCsv.Write(context.Comparison, stream));
        }
    }
}
