using Microsoft.Playwright;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// Opens report.html in a real browser — Debian's headless Chromium, driven by Playwright — as a reader would:
/// from disk, offline. Set TRAINCMP_SCREENSHOTS=DIR to keep the screenshots it takes.
/// </summary>
public sealed class HtmlReportBrowserTests() : TempDirectory("traincmp-html-")
{
    private const string MarkupLabel = "<img src=x onerror=alert(1)>";

    private string Report(params string[] extra)
    {
        string outDir = Path.Combine(Dir, "out");
        var r = Traincmp.Run(Dir, ["--baseline", Path.Combine(Traincmp.ExamplesDir, "baseline.txt"),
            "--compare", Path.Combine(Traincmp.ExamplesDir, "fused.txt"), Path.Combine(Traincmp.ExamplesDir, "fused.txt"),
            "--labels", "baseline", MarkupLabel, "fused \"copy\" & co",
            "--output-dir", outDir, "--report", "html", .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return Path.Combine(outDir, "report.html");
    }

    [BrowserFact]
    public async Task Report_loads_offline_without_errors_and_its_charts_hover_and_toggle()
    {
        string report = Report();
        var (playwright, browser) = await Browser.Launch();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var errors = new List<string>();
        var requests = new List<string>();
        var dialogs = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                errors.Add($"{m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => errors.Add("page error: " + e);
        page.Request += (_, r) => requests.Add(r.Url);
        page.Dialog += async (_, d) =>
        {
            dialogs.Add(d.Message);
            await d.DismissAsync();
        };
        string url = new Uri(report).AbsoluteUri;
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.Empty(errors);
        Assert.Empty(dialogs);
        Assert.Equal([url], requests); // the page itself, and nothing else: no CDN, no font, no favicon

        // every chart is there, each with its lines
        var charts = page.Locator("figure.chart");
        string[] ids = ["chart-losses", "chart-losses_diff", "chart-step_time"];
        foreach (string id in ids)
        {
            Assert.Equal(1, await page.Locator($"figure#{id} svg").CountAsync());
        }
        Assert.Equal(3, await page.Locator("#chart-losses polyline.line").CountAsync());
        Assert.Equal(2, await page.Locator("#chart-losses_diff polyline.line:not(.faint)").CountAsync());
        Assert.True(await charts.CountAsync() >= ids.Length);

        // the markup label is text, everywhere it appears, and no element was injected
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.True(await page.GetByText(MarkupLabel, new PageGetByTextOptions { Exact = true }).CountAsync() >= 3);
        Assert.Contains(MarkupLabel, await page.Locator("#verdicts").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.GetByText("fused \"copy\" & co", new PageGetByTextOptions { Exact = true }).CountAsync() >= 3);

        // clicking a legend entry hides that run's line, clicking again shows it; other runs stay
        var key = page.Locator("#chart-losses .key[data-series=\"1\"]");
        var line = page.Locator("#chart-losses polyline[data-series=\"1\"]");
        var other = page.Locator("#chart-losses polyline[data-series=\"0\"]");
        Assert.True(await line.IsVisibleAsync());
        await key.ClickAsync();
        Assert.False(await line.IsVisibleAsync());
        Assert.True(await other.IsVisibleAsync());
        Assert.Equal("false", await key.GetAttributeAsync("aria-pressed"));
        await Browser.Screenshot(page, "report-toggled.png");
        await key.ClickAsync();
        Assert.True(await line.IsVisibleAsync());

        // hovering the step-time chart shows a step and each visible run's value
        var svg = page.Locator("#chart-step_time svg");
        var box = (await svg.BoundingBoxAsync())!;
        await svg.HoverAsync(new LocatorHoverOptions { Position = new Position { X = box.Width / 2, Y = box.Height / 2 } });
        var tip = page.Locator("#chart-step_time .tip");
        Assert.True(await tip.IsVisibleAsync());
        string text = await tip.InnerTextAsync();
        Assert.Matches(@"^Step \(after warmup\) \d+", text);
        Assert.Contains("baseline: ", text, StringComparison.Ordinal);
        Assert.Contains(MarkupLabel + ": ", text, StringComparison.Ordinal);
        await Browser.Screenshot(page, "report-hover.png");
        Assert.Empty(errors);
    }

    [BrowserFact]
    public async Task Report_reads_with_scripts_off()
    {
        string report = Report("--smooth", "0.6");
        var (playwright, browser) = await Browser.Launch();
        using var _ = playwright;
        await using var __ = browser;
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(report).AbsoluteUri);

        // lines (smoothed over faint raw ones), legends, tables, runs and the command are all there without the script
        Assert.Equal(3, await page.Locator("#chart-losses polyline.line:not(.faint)").CountAsync());
        Assert.Equal(3, await page.Locator("#chart-losses polyline.faint").CountAsync());
        Assert.True(await page.Locator("#chart-losses polyline.line").First.IsVisibleAsync());
        Assert.Equal(3, await page.Locator("#chart-losses .key").CountAsync());
        Assert.Null(await page.Locator("#chart-losses .key").First.GetAttributeAsync("role"));
        Assert.True(await page.Locator("#tables table").CountAsync() >= 4);
        Assert.Contains("--smooth 0.6", await page.Locator("#command").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("fused.txt", await page.Locator("#runs").InnerTextAsync(), StringComparison.Ordinal);
        await Browser.Screenshot(page, "report-noscript.png");
    }

    [BrowserFact]
    public async Task Tables_come_before_the_charts_and_the_command_wraps_between_words()
    {
        string report = Report("--title-prefix", "NanoLlama SiLU fused attention ", "--warmup-steps", "20", "--final-window", "120");
        var (playwright, browser) = await Browser.Launch();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 480, Height = 900 } });
        await page.GotoAsync(new Uri(report).AbsoluteUri);

        // a reader meets the verdicts, then the tables, and only then the charts
        double Top(string id) => page.Locator(id).BoundingBoxAsync().GetAwaiter().GetResult()!.Y;
        Assert.True(Top("#verdicts") < Top("#tables"));
        Assert.True(Top("#tables") < Top("#charts"));
        Assert.True(Top("#charts") < Top("#command"));

        // the command wraps onto several lines, and never inside a word: each word lies on one line
        var wrap = await page.EvaluateAsync<double[]>("""
            () => {
              const code = document.querySelector('#command code');
              const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
              let node, broken = 0, words = 0;
              while ((node = walker.nextNode()) !== null) {
                const re = /\S+/g;
                let m;
                while ((m = re.exec(node.textContent)) !== null) {
                  const range = document.createRange();
                  range.setStart(node, m.index);
                  range.setEnd(node, m.index + m[0].length);
                  const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                  if (lines.size > 1) broken++;
                  words++;
                }
              }
              const box = code.getBoundingClientRect();
              return [words, broken, box.height / parseFloat(getComputedStyle(code).lineHeight)];
            }
            """);
        Assert.True(wrap[0] > 10, $"{wrap[0]} words");
        Assert.Equal(0, wrap[1]);
        Assert.True(wrap[2] >= 3, $"{wrap[2]} lines: the command should wrap at this width");
        await Browser.Screenshot(page, "report-narrow.png");
    }
}
