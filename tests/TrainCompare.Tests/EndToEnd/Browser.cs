using Microsoft.Playwright;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// Headless Chromium through Playwright, for the tests that look at what traincmp writes as a reader's
/// browser shows it. Chromium is Debian's (`apt-get install chromium`), found as $CHROMIUM or on PATH.
/// </summary>
internal static class Browser
{
    /// <summary>Set by .ci/run: in CI a missing browser (or Mermaid) fails the tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("TRAINCMP_REQUIRE_BROWSER") == "1";

    /// <summary>Chromium's path, or null when it is not installed.</summary>
    public static string? Chromium { get; } = FindChromium();

    /// <summary>Mermaid's browser bundle, installed by `npm ci --prefix tests/mermaid`; null when it is not.</summary>
    public static string? MermaidScript { get; } = FindMermaid();

    private static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }
        string[] dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => dirs.Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    private static string? FindMermaid()
    {
        string path = Path.Combine(Path.GetDirectoryName(Traincmp.ExamplesDir)!, "tests", "mermaid", "node_modules", "mermaid", "dist", "mermaid.min.js");
        return File.Exists(path) ? path : null;
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> Launch()
    {
        string chromium = Chromium ?? throw new InvalidOperationException(
            "Chromium is not installed: the browser tests need it (apt-get install chromium, or set CHROMIUM=/path)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
        return (playwright, browser);
    }

    /// <summary>A full-page screenshot, kept in $TRAINCMP_SCREENSHOTS (or the temp directory) to look at.</summary>
    public static async Task Screenshot(IPage page, string name)
    {
        string dir = Environment.GetEnvironmentVariable("TRAINCMP_SCREENSHOTS") is { Length: > 0 } d ? d : Path.GetTempPath();
        Directory.CreateDirectory(dir);
        byte[] png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name), FullPage = true });
        Assert.True(png.Length > 10_000, "the screenshot is blank");
    }
}

/// <summary>
/// A test that needs Chromium: skipped, saying how to enable it (in its name, which `dotnet test` prints), on a
/// machine without it — unless TRAINCMP_REQUIRE_BROWSER=1 (as in CI), where it runs and fails without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute(bool mermaid = false, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        if (Browser.Required)
        {
            return;
        }
        if (Browser.Chromium is null)
        {
            Skip = "needs Chromium: apt-get install chromium (CI installs it and never skips)";
        }
        else if (mermaid && Browser.MermaidScript is null)
        {
            Skip = "needs Mermaid: npm ci --prefix tests/mermaid (CI installs it and never skips)";
        }
        if (Skip is not null)
        {
            // the reason in the name: `dotnet test` prints the names of skipped tests, not their reasons
            DisplayName = $"{test} (skipped: {Skip})";
        }
    }
}
