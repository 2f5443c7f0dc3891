using System.Text.RegularExpressions;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// Renders every chart --mermaid writes with Mermaid itself (the version in tests/mermaid, in headless
/// Chromium), as GitHub will: each must parse, and draw each line in its legend's colour.
/// </summary>
public sealed partial class MermaidRenderTests() : TempDirectory("traincmp-mermaid-")
{
    [GeneratedRegex("```mermaid\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex(@"\((#[0-9a-f]{6})\)")]
    private static partial Regex LegendColor();

    [BrowserFact(mermaid: true)]
    public async Task Every_mermaid_chart_renders_with_its_legend_colours()
    {
        string outDir = Path.Combine(Dir, "out");
        // the examples' loss differences are tiny (1e-4): the numbers Mermaid must parse without exponents
        var r = Traincmp.Run(Dir, "--baseline", Path.Combine(Traincmp.ExamplesDir, "baseline.txt"),
            "--compare", Path.Combine(Traincmp.ExamplesDir, "fused.txt"), "--labels", "base \"line\"", "fused|x",
            "--title-prefix", "say \"hi\" ", "--output-dir", outDir, "--plots", "none", "--mermaid", "--mermaid-max-points", "150");
        Assert.True(r.ExitCode == 0, r.Stderr);

        string page = Path.Combine(Dir, "mermaid.html");
        File.WriteAllText(page, $"<!DOCTYPE html><html><body><script src=\"{new Uri(Browser.MermaidScript ?? "/missing/mermaid.min.js").AbsoluteUri}\"></script></body></html>");
        var (playwright, browser) = await Browser.Launch();
        using var _ = playwright;
        await using var __ = browser;
        var tab = await browser.NewPageAsync();
        await tab.GotoAsync(new Uri(page).AbsoluteUri);
        Assert.True(await tab.EvaluateAsync<bool>("() => typeof mermaid !== 'undefined'"),
            "Mermaid is not installed: npm ci --prefix tests/mermaid");
        await tab.EvaluateAsync("() => mermaid.initialize({ startOnLoad: false })");

        int n = 0;
        foreach (string name in new[] { "losses.md", "losses_diff.md", "step_time.md" })
        {
            string markdown = File.ReadAllText(Path.Combine(outDir, name));
            string code = Block().Match(markdown).Groups[1].Value;
            Assert.Contains("\nxychart\n", code, StringComparison.Ordinal);
            // the tt-train script writes xychart; GitHub's older Mermaid knew only xychart-beta, which Mermaid 11
            // still reads: both spellings must render the same chart
            foreach (string spelling in new[] { code, code.Replace("\nxychart\n", "\nxychart-beta\n", StringComparison.Ordinal) })
            {
                // mermaid.render throws on a syntax error; that fails the test with Mermaid's message
                string svg = await tab.EvaluateAsync<string>("async ([id, code]) => (await mermaid.render(id, code)).svg", new object[] { $"chart{n++}", spelling });
                var colors = LegendColor().Matches(markdown.Split('\n')[0]).Select(m => m.Groups[1].Value).ToArray();
                Assert.True(colors.Length >= 2, name);
                foreach (string color in colors)
                {
                    Assert.Contains($"stroke=\"{color}\"", svg, StringComparison.OrdinalIgnoreCase);
                }
                Assert.Contains("say 'hi'", svg, StringComparison.Ordinal);
            }
        }
    }
}
