using System.Net;
using System.Text.RegularExpressions;
using TrainCompare.Analysis;
using TrainCompare.Reports;

namespace TrainCompare.Tests.Reports;

/// <summary>summary.md for a PR: tables narrow enough, long ones and the Mermaid data folded, image links explained.</summary>
public partial class MarkdownReportTests
{
    /// <summary>A baseline and <paramref name="compare"/> runs with long labels: the step-time table is too wide for a PR whole.</summary>
    private static Comparison Runs(int compare) => Comparison.Of(
        [.. Enumerable.Range(0, compare + 1).Select(i =>
            TestLogs.Run(TestLogs.Log(40, s => 5 - s * 0.01 + i * 0.001, s => 700 - 10 * i + s % 3), $"nano-gpt-n300-run-{i:00}"))],
        new ComparisonOptions { WarmupSteps = 0 });

    private static string Render(Comparison comparison, IReadOnlyList<(string, string)>? images = null, IReadOnlyList<string>? mermaid = null)
        => MarkdownReport.Render(comparison, new MarkdownContent("t", images ?? [], mermaid ?? [], null));

    /// <summary>A table row as GitHub shows it: escapes and entities undone.</summary>
    private static string Shown(string row) => WebUtility.HtmlDecode(Escaped().Replace(row, "$1"));

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Escaped();

    [Fact]
    public void Tables_are_split_as_the_console_splits_them_to_fit_100_columns()
    {
        var comparison = Runs(2);
        string md = Render(comparison);
        // every row of every table, as shown, fits (no column here wraps)
        string[] rows = md.Split('\n').Where(l => l.StartsWith('|')).ToArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(Shown(r).Length <= 100, $"{Shown(r).Length}: {r}"));
        // the same split the console makes, from the same SummaryTables.Fit
        var step = SummaryTables.Fit(SummaryTables.For(comparison)[1], SummaryTables.Width);
        Assert.Equal(2, step.Count);
        foreach (var part in step)
        {
            Assert.Contains($"**{MarkdownText.Escape(part.Title)}**\n\n| {string.Join(" | ", part.Headers)} |\n", md, StringComparison.Ordinal);
        }
        Assert.Contains("**Step time, ms (after 0 warm-up steps), continued**\n\n| run | min |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_table_is_folded_under_its_title()
    {
        string md = Render(Runs(7)); // eight runs: the runs and step-time tables have 8 rows, the comparisons 7
        Assert.Contains("**Runs**\n\n<details><summary>8 rows</summary>\n\n| run |", md, StringComparison.Ordinal);
        Assert.Contains("**Speedup against 'nano-gpt-n300-run-00' (above 1 is faster; batch-median t test, α = 0.050)**\n\n<details><summary>7 rows</summary>\n\n| run |", md, StringComparison.Ordinal);
        // the fold closes after the table's last row, with the blank lines GitHub needs around HTML
        Assert.Contains("| nano-gpt-n300-run-07 | tt-train | 40 | 40 | 0 | 0 |\n\n</details>\n\n**Runs, continued**\n\n<details>", md, StringComparison.Ordinal);
        Assert.Equal(Regex.Count(md, "<details>"), Regex.Count(md, "</details>"));

        // two runs: nothing is long, nothing folded
        Assert.DoesNotContain("<details>", Render(Runs(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Image_links_say_the_images_go_with_the_file_and_the_mermaid_charts_are_folded()
    {
        var comparison = Runs(1);
        (string, string)[] images = [("Loss Comparison: All Runs", "losses.png")];
        string[] mermaid = ["Lines: a\n\n```mermaid\nxychart\n```\n", "Lines: b\n\n```mermaid\nxychart\n```\n"];

        string linked = Render(comparison, images);
        Assert.Contains("![Loss Comparison: All Runs](losses.png)\n\n_Images are linked relative to this file; upload them with it "
                        + "(or use --mermaid for charts GitHub renders inline)._\n", linked, StringComparison.Ordinal);

        // with both, the Mermaid charts repeat the images: folded, after the note
        string both = Render(comparison, images, mermaid);
        Assert.Contains("![Loss Comparison: All Runs](losses.png)\n\n_Images are linked relative to this file; upload them with it "
                        + "(the Mermaid charts below show without them)._\n\n<details><summary>Charts as Mermaid, rendered by GitHub</summary>\n\n"
                        + "Lines: a\n\n```mermaid\nxychart\n```\n\nLines: b\n\n```mermaid\nxychart\n```\n\n</details>\n", both, StringComparison.Ordinal);

        // the job summary has no images: its Mermaid charts are the only ones, so the fold starts open; no note
        string summary = Render(comparison, mermaid: mermaid);
        Assert.Contains("### Charts\n\n<details open><summary>Charts as Mermaid, rendered by GitHub</summary>\n\nLines: a\n", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Images are linked", summary, StringComparison.Ordinal);

        Assert.DoesNotContain("### Charts", Render(comparison), StringComparison.Ordinal);
    }
}
