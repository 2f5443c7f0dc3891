using TrainCompare.Analysis;
using TrainCompare.Reports;
using TrainCompare.Reports.Charts;
using TrainCompare.Runs;

namespace TrainCompare;

/// <summary>
/// Runs the five stages for a request: read and parse every run, analyse, then report. Every input error is
/// raised before anything is written, so bad input leaves no output behind.
/// </summary>
public static class ComparisonPipeline
{
    public static Comparison Run(ComparisonRequest request, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var specs = RunSpec.Create([request.Baseline, .. request.Compare], request.Labels);
        var outputs = new OutputDirectory(request.OutputDir, request.FilePrefix);
        if (File.Exists(outputs.Path))
        {
            throw new TrainCompareException($"--output-dir {outputs.Path}: is a file, not a directory");
        }

        var runs = RunLoader.LoadAll(specs);
        var comparison = Comparison.Of(runs, request.Options);

        ConsoleSummary.WriteRunLines(comparison, output);
        ConsoleSummary.WriteClassicBlock(comparison, output);

        output.WriteLine();
        output.WriteLine("Generating plots...");
        outputs.Create();
        var charts = ComparisonCharts.For(comparison, request.TitlePrefix);
        var rendered = new byte[charts.Count][];
        Parallel.For(0, charts.Count, i => rendered[i] = PngChartWriter.Render(charts[i]));
        var saved = new List<string>();
        for (int i = 0; i < charts.Count; i++)
        {
            saved.Add(outputs.Stage(charts[i].FileStem + ".png", rendered[i]));
        }
        outputs.Commit();
        foreach (string path in saved)
        {
            output.WriteLine($"Saved: {path}");
        }
        output.WriteLine();
        output.WriteLine("Done!");
        return comparison;
    }
}
