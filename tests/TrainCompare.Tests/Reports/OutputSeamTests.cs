using TrainCompare.Analysis;
using TrainCompare.Reports;
using TrainCompare.Runs;

namespace TrainCompare.Tests.Reports;

/// <summary>The outputs' seam: one interface, one list, one transaction for everything written.</summary>
public sealed class OutputSeamTests() : TempDirectory("traincmp-seam-")
{
    private static Comparison Example(bool swapped = false)
    {
        string[] files = [Path.Combine(EndToEnd.Traincmp.ExamplesDir, "baseline.txt"), Path.Combine(EndToEnd.Traincmp.ExamplesDir, "fused.txt")];
        var runs = RunLoader.LoadGroups(RunSpec.CreateGroups(swapped ? [files[1], files[0]] : files, []));
        return Comparison.Of(runs, new ComparisonOptions());
    }

    /// <summary>An output written outside the library, as a new one would be: one class, nothing else changed.</summary>
    private sealed class VerdictsText : IOutput
    {
        public string Name => "txt";

        public OutputKind Kind => OutputKind.Report;

        public string Description => "verdicts.txt";

        public void Plan(OutputContext context) => context.Reserve("verdicts.txt");

        public void Write(OutputContext context) => context.Stage("verdicts.txt", System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', context.Comparison.Comparisons.Select(VerdictLine.Verdict)) + "\n" + string.Join('\n', context.Images.Select(i => i.Path))));
    }

    /// <summary>Fails on purpose after the outputs before it were staged.</summary>
    private sealed class Broken : IOutput
    {
        public string Name => "broken";

        public OutputKind Kind => OutputKind.Report;

        public string Description => "fails while writing";

        public void Plan(OutputContext context) => context.Reserve("broken.txt");

        public void Write(OutputContext context) => throw new TrainCompareException("broken.txt: cannot be written (test)");
    }

    [Fact]
    public void Names_are_unique_and_every_kind_is_represented()
    {
        Assert.Equal(Outputs.All.Count, Outputs.All.Select(o => o.Name).Distinct().Count());
        Assert.Equal(["png", "svg"], Outputs.OfKind(OutputKind.Charts).Select(o => o.Name));
        Assert.Equal(["md", "html", "csv"], Outputs.OfKind(OutputKind.Report).Select(o => o.Name));
        Assert.All(Outputs.All, o => Assert.False(string.IsNullOrWhiteSpace(o.Description)));
        var e = Assert.Throws<TrainCompareException>(() => Outputs.Select(["md", "pdf"]));
        Assert.Contains("unknown output 'pdf'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Selected_outputs_are_written_in_the_lists_order_so_reports_see_the_charts_before_them()
    {
        var selected = Outputs.Select(["md", "png"]);
        Assert.Equal(["png", "md"], selected.Select(o => o.Name));
        var context = new OutputContext(Example(), new OutputSettings { Directory = Path.Combine(Dir, "out"), FilePrefix = "p_" });
        var saved = Outputs.Write([.. selected, new VerdictsText()], context);
        Assert.Equal(Path.Combine(Dir, "out", "p_losses.png"), saved[0]);
        Assert.Equal(Path.Combine(Dir, "out", "p_verdicts.txt"), saved[^1]);
        string summary = File.ReadAllText(Path.Combine(Dir, "out", "p_summary.md"));
        Assert.Contains("](p_losses.png)", summary, StringComparison.Ordinal); // the images the chart output published
        string verdicts = File.ReadAllText(Path.Combine(Dir, "out", "p_verdicts.txt"));
        Assert.StartsWith("1.083× faster", verdicts, StringComparison.Ordinal);
        Assert.Contains("p_step_time.png", verdicts, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_output_leaves_nothing_behind_and_takes_back_the_job_summary()
    {
        string jobSummary = Write("summary-file.md", "earlier step\n");
        Directory.CreateDirectory(Path.Combine(Dir, "out"));
        string old = Write(Path.Combine("out", "losses.png"), "the user's old chart");
        var settings = new OutputSettings { Directory = Path.Combine(Dir, "out"), GitHubSummaryPath = jobSummary };
        var context = new OutputContext(Example(), settings);
        // the job summary is appended last, so put the failing output after it to see the append undone
        var e = Assert.Throws<TrainCompareException>(() => Outputs.Write([.. Outputs.Select(["png", "md", "github-summary"]), new Broken()], context));
        Assert.Contains("broken.txt", e.Message, StringComparison.Ordinal);
        Assert.Equal("earlier step\n", File.ReadAllText(jobSummary));
        Assert.Equal("the user's old chart", File.ReadAllText(old));
        Assert.Equal(["losses.png"], Directory.GetFiles(Path.Combine(Dir, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public void The_shared_output_instances_keep_nothing_from_one_report_to_the_next()
    {
        // watch mode writes report after report with the same Outputs.All instances: each must show its own comparison
        var settings = new OutputSettings { Directory = Path.Combine(Dir, "out") };
        var first = Example();
        var second = Example(swapped: true);
        Outputs.Write(Outputs.Select(["mermaid", "md"]), new OutputContext(first, settings));
        Outputs.Write(Outputs.Select(["mermaid", "md"]), new OutputContext(second, settings));
        string expected = MermaidCharts.For(second, "", settings.MermaidMaxPoints).Single(m => m.FileStem == "losses_diff").Markdown;
        Assert.Equal(expected, File.ReadAllText(Path.Combine(Dir, "out", "losses_diff.md")));
        Assert.Contains("baseline vs fused", expected, StringComparison.Ordinal);
        Assert.Contains("**baseline** vs **fused**", File.ReadAllText(Path.Combine(Dir, "out", "summary.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Planning_checks_every_name_before_anything_is_written()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "out", "summary.md")); // a directory where a report goes
        var context = new OutputContext(Example(), new OutputSettings { Directory = Path.Combine(Dir, "out") });
        var e = Assert.Throws<TrainCompareException>(() => Outputs.Write(Outputs.Select(["png", "md"]), context));
        Assert.Contains("summary.md: is a directory", e.Message, StringComparison.Ordinal);
        Assert.Equal(["summary.md"], Directory.GetFileSystemEntries(Path.Combine(Dir, "out")).Select(Path.GetFileName));
    }
}
