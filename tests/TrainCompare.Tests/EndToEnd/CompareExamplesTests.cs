using SkiaSharp;

namespace TrainCompare.Tests.EndToEnd;

public sealed class CompareExamplesTests() : TempDirectory("traincmp-e2e-")
{

    private static string Example(string name) => Path.Combine(Traincmp.ExamplesDir, name);

    [Fact]
    public void Compares_the_examples_prints_the_classic_block_and_writes_three_pngs()
    {
        string outDir = Path.Combine(Dir, "out");
        var r = Traincmp.Run(Dir, "--baseline", Example("baseline.txt"), "--compare", Example("fused.txt"), "--output-dir", outDir);

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("", r.Stderr);
        // Values computed with numpy from the same logs (np.mean / np.std of times[15:], mean of losses[-100:]).
        string expected = """
            ============================================================
            SUMMARY STATISTICS
            ============================================================

            Mean Step Times:
              baseline: 704.23 ms (std: 12.43 ms)
              fused: 650.90 ms (std: 11.57 ms)

            Speedup relative to 'baseline':
              fused: 1.082x

            Final Loss (last 100 steps average):
              baseline: 2.182081
              fused: 2.182206
            """;
        Assert.Contains(expected.ReplaceLineEndings("\n"), r.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("baseline: 1000 loss values, 999 step times", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("format tt-train", r.Stdout, StringComparison.Ordinal);

        foreach (string name in new[] { "losses.png", "losses_diff.png", "step_time.png" })
        {
            AssertGoodChart(Path.Combine(outDir, name));
        }
        // fused.txt logs TPS, TFLOPS and MFU: a chart each; and no temporary files left behind
        Assert.Equal(["losses.png", "losses_diff.png", "metric_mfu_percent.png", "metric_tflops.png", "metric_tokens_per_s.png", "step_time.png"],
            Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertGoodChart(Path.Combine(outDir, "metric_tokens_per_s.png"), firstRunDrawn: false);
    }

    [Fact]
    public void File_prefix_title_prefix_and_labels_are_applied()
    {
        var r = Traincmp.Run(Dir, "--baseline", Example("baseline.txt"), "--compare", Example("fused.txt"),
            "--labels", "base", "fast", "--file-prefix", "../n300 run/", "--title-prefix", "SiLU ", "--warmup-steps", "0");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([".._n300_run_losses.png", ".._n300_run_losses_diff.png", ".._n300_run_metric_mfu_percent.png",
                ".._n300_run_metric_tflops.png", ".._n300_run_metric_tokens_per_s.png", ".._n300_run_step_time.png"],
            Directory.GetFiles(Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("Speedup relative to 'base':\n  fast: ", r.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        // warmup 0: the compilation step (~31.8 s) is in the baseline's mean
        Assert.Matches(@"base: 7\d\d\.\d\d ms", r.Stdout);
    }

    [Fact]
    public void Plots_can_be_svg_or_none()
    {
        var svg = Traincmp.Run(Dir, "--baseline", Example("baseline.txt"), "--compare", Example("fused.txt"), "--plots", "svg", "--output-dir", "svg");
        Assert.True(svg.ExitCode == 0, svg.Stderr);
        var files = Directory.GetFiles(Path.Combine(Dir, "svg")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("losses.svg", files);
        Assert.Contains("step_time.svg", files);
        Assert.DoesNotContain(files, f => f!.EndsWith(".png", StringComparison.Ordinal));
        var doc = System.Xml.Linq.XDocument.Load(Path.Combine(Dir, "svg", "losses.svg"));
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.Equal("3000", doc.Root.Attribute("width")!.Value);
        // the chart's elements: both runs' lines in their colours, and the title, axis labels, ticks and legend as text
        var strokes = doc.Root.Descendants().Select(e => e.Attribute("stroke")?.Value.ToLowerInvariant()).ToHashSet();
        Assert.Contains("#1f77b4", strokes);
        Assert.Contains("#ff7f0e", strokes);
        Assert.True(doc.Root.Descendants().Count(e => e.Name.LocalName == "text") > 15, "the SVG has the chart's text");

        var none = Traincmp.Run(Dir, "--baseline", Example("baseline.txt"), "--plots", "none", "--output-dir", "none");
        Assert.True(none.ExitCode == 0, none.Stderr);
        Assert.Empty(Directory.Exists(Path.Combine(Dir, "none")) ? Directory.GetFiles(Path.Combine(Dir, "none")) : []);
        Assert.Contains("SUMMARY STATISTICS", none.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_run_gets_losses_and_step_time_but_no_difference_plot()
    {
        var r = Traincmp.Run(Dir, "--baseline", Example("fused.txt"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("Speedup", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(["losses.png", "metric_mfu_percent.png", "metric_tflops.png", "metric_tokens_per_s.png", "step_time.png"],
            Directory.GetFiles(Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Help_lists_every_option_with_examples_and_version_prints_the_version()
    {
        var help = Traincmp.Run(Dir, "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (string option in new[] { "--baseline", "--compare", "--labels", "--output-dir", "--warmup-steps", "--max-steps", "--title-prefix", "--file-prefix", "--version" })
        {
            Assert.Contains(option, help.Stdout, StringComparison.Ordinal);
        }
        Assert.Contains("Examples:", help.Stdout, StringComparison.Ordinal);
        // --watch's value may be left out; every format --format takes is listed, the whole-file ones too
        Assert.Contains("--watch [SECONDS]   ", help.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("<SECONDS>", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("olmo, tensorboard", System.Text.RegularExpressions.Regex.Replace(help.Stdout, @"\s+", " "), StringComparison.Ordinal);
        Assert.DoesNotContain("no slower than 2% faster", help.Stdout, StringComparison.Ordinal);
        // the values of --plots and --report, and their help, come from the outputs' list
        // (descriptions are wrapped: compare with the line ends and the indentation under them as one space)
        string flat = System.Text.RegularExpressions.Regex.Replace(help.Stdout, @"\s+", " ");
        foreach (var output in TrainCompare.Reports.Outputs.All.Where(o => o.Kind != TrainCompare.Reports.OutputKind.Option))
        {
            Assert.Contains($"{output.Name} ({output.Description})", flat, StringComparison.Ordinal);
        }
        Assert.Contains("--report md,html,csv ", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--plots png|svg|none ", help.Stdout, StringComparison.Ordinal);
        var version = Traincmp.Run(Dir, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout);
    }

    /// <summary>Decodes the PNG: right size, mostly white background, and the run colors really drawn.</summary>
    internal static void AssertGoodChart(string path, bool firstRunDrawn = true)
    {
        Assert.True(File.Exists(path), $"{path} missing");
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal(3000, bitmap.Width);
        Assert.Equal(1500, bitmap.Height);
        int white = 0, series = 0, dark = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 245 && c.Green > 245 && c.Blue > 245)
                {
                    white++;
                }
                else if ((firstRunDrawn && Near(c, 0x1f, 0x77, 0xb4)) || Near(c, 0xff, 0x7f, 0x0e))
                {
                    series++; // the runs' colors (matplotlib's tab:blue and tab:orange)
                }
                else if (c.Red < 80 && c.Green < 80 && c.Blue < 80)
                {
                    dark++; // text, frame, ticks
                }
            }
        }
        int total = (bitmap.Width / 2) * (bitmap.Height / 2);
        Assert.True(white > total / 2, $"{path}: background is not mostly white ({white}/{total})");
        Assert.True(series > 2000, $"{path}: the runs are barely drawn ({series} pixels)");
        Assert.True(dark > 2000, $"{path}: no text or axes ({dark} pixels)");
    }

    private static bool Near(SKColor c, int r, int g, int b)
        => Math.Abs(c.Red - r) < 30 && Math.Abs(c.Green - g) < 30 && Math.Abs(c.Blue - b) < 30;
}
