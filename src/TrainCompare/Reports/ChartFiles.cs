using TrainCompare.Reports.Charts;

namespace TrainCompare.Reports;

/// <summary>The chart files in one image format (--plots png, --plots svg): losses, loss difference, step time, one per extra metric.</summary>
public abstract class ChartFiles : IOutput
{
    public abstract string Name { get; }

    public OutputKind Kind => OutputKind.Charts;

    public abstract string Description { get; }

    /// <summary>The file name extension, with its dot.</summary>
    protected abstract string Extension { get; }

    protected abstract byte[] Render(ChartSpec chart);

    protected abstract byte[] Render(BarChartSpec chart);

    public void Plan(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var chart in context.Charts)
        {
            context.Reserve(chart.FileStem + Extension);
        }
        foreach (var chart in context.BarCharts)
        {
            context.Reserve(chart.FileStem + Extension);
        }
    }

    public void Write(OutputContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var charts = context.Charts;
        var rendered = new byte[charts.Count][];
        Parallel.For(0, charts.Count, i => rendered[i] = Render(charts[i])); // a few hundred ms each, independent
        for (int i = 0; i < charts.Count; i++)
        {
            context.Stage(charts[i].FileStem + Extension, rendered[i]);
            context.AddImage(charts[i].Title, charts[i].FileStem + Extension);
        }
        foreach (var chart in context.BarCharts)
        {
            context.Stage(chart.FileStem + Extension, Render(chart));
            context.AddImage(chart.Title, chart.FileStem + Extension);
        }
    }
}

/// <summary>--plots png (the default): the charts as PNG.</summary>
public sealed class PngChartFiles : ChartFiles
{
    public override string Name => "png";

    public override string Description => "the charts as PNG (losses.png, losses_diff.png, step_time.png, metric_*.png)";

    protected override string Extension => ".png";

    protected override byte[] Render(ChartSpec chart) => PngChartWriter.Render(chart);

    protected override byte[] Render(BarChartSpec chart) => BarChartWriter.Png(chart);
}

/// <summary>--plots svg: the same charts as SVG.</summary>
public sealed class SvgChartFiles : ChartFiles
{
    public override string Name => "svg";

    public override string Description => "the same charts as SVG";

    protected override string Extension => ".svg";

    protected override byte[] Render(ChartSpec chart) => SvgChartWriter.Render(chart);

    protected override byte[] Render(BarChartSpec chart) => BarChartWriter.Svg(chart);
}
