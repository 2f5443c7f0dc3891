using System.Net;
using System.Reflection;
using System.Text;
using TrainCompare.Analysis;
using TrainCompare.Reports.Charts;

namespace TrainCompare.Reports;

/// <summary>
/// report.html: one self-contained page to send a colleague. It works offline and asks the network for
/// nothing (no CDN, no web fonts, a data: favicon, and a Content-Security-Policy that forbids any fetch):
/// in reading order the verdicts, the summary tables (each run once, in the first, with its warnings under
/// it), the charts as inline SVG, and the command line. A small inline script adds hover (step and values)
/// and legend toggles; without it the page reads the same. Every label, title and file name is HTML-encoded.
/// </summary>
public static class HtmlReport
{
    /// <param name="bars">Bar charts (the profiles' op changes), drawn after the line charts.</param>
    public static string Render(Comparison comparison, IReadOnlyList<ChartSpec> charts, string title, string? commandLine,
        IReadOnlyList<BarChartSpec>? bars = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(charts);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
        sb.Append("<link rel=\"icon\" href=\"data:,\">\n");
        sb.Append("<title>").Append(H(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        sb.Append("<h1>").Append(H(title)).Append("</h1>\n");
        sb.Append("<p class=\"sub\">Written by traincmp ").Append(H(Version)).Append(".</p>\n");

        sb.Append("<section id=\"verdicts\">\n");
        if (comparison.Comparisons.Count == 0)
        {
            sb.Append("<p>One run, nothing to compare it with.</p>\n");
        }
        else
        {
            sb.Append("<ul class=\"verdicts\">\n");
            foreach (var c in comparison.Comparisons)
            {
                // each part in its own tone (a loss regression is red however fast the run); the marker bad when either part is
                string overall = VerdictLine.Overall(c).ToString().ToLowerInvariant();
                var parts = VerdictLine.Parts(c).Select(p => p.Tone == Tone.Plain ? H(p.Text) : $"<span class=\"{p.Tone.ToString().ToLowerInvariant()}\">{H(p.Text)}</span>");
                sb.Append($"<li class=\"overall-{overall}\"><b>{H(c.Run.Run.Label)}</b> vs <b>{H(comparison.Baseline.Run.Label)}</b>: {string.Join("; ", parts)}</li>\n");
            }
            sb.Append("</ul>\n");
        }
        foreach (string alarm in SummaryTables.Alarms(comparison))
        {
            sb.Append("<p class=\"alarm\">").Append(H(alarm)).Append("</p>\n");
        }
        sb.Append("</section>\n");

        // the tables, the runs first: each run once, in the Runs table, with its warnings and notes under it
        sb.Append("<section id=\"tables\">\n<h2>Summary</h2>\n");
        foreach (var table in SummaryTables.For(comparison))
        {
            if (table.Title == SummaryTables.RunsTitle)
            {
                sb.Append("<div id=\"runs\">\n");
                Table(sb, table);
                RunWarnings(sb, comparison);
                sb.Append("</div>\n");
            }
            else
            {
                Table(sb, table);
            }
        }
        sb.Append("</section>\n");

        if (charts.Count > 0 || bars is { Count: > 0 })
        {
            sb.Append("<section id=\"charts\">\n<h2>Charts</h2>\n");
            foreach (var chart in charts)
            {
                sb.Append(HtmlChartWriter.Render(chart, "chart-" + chart.FileStem));
            }
            foreach (var chart in bars ?? [])
            {
                sb.Append(HtmlBarChartWriter.Render(chart, "chart-" + chart.FileStem));
            }
            sb.Append("</section>\n");
        }

        if (commandLine is not null)
        {
            // each word in a span that never wraps (a browser would break "--max-loss-diff" or a path at its
            // hyphens): the line wraps between words only, and copies as it was typed
            sb.Append("<section id=\"command\">\n<h2>Command</h2>\n<pre><code>")
                .AppendJoin(' ', commandLine.Split(' ').Select(word => word.Length == 0 ? "" : $"<span>{H(word)}</span>"))
                .Append("</code></pre>\n</section>\n");
        }
        sb.Append("</main>\n<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The library's version, as the assembly states it (without the commit hash).</summary>
    public static string Version { get; } =
        (typeof(HtmlReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?").Split('+')[0];

    /// <summary>Each run's warnings and notes, labelled; nothing when no run has any.</summary>
    private static void RunWarnings(StringBuilder sb, Comparison comparison)
    {
        var lines = comparison.Runs.SelectMany(r => FindingText.ForRun(comparison, r)
                .Select(f => (r.Run.Label, Kind: FindingText.Kind(f.Severity), Text: FindingText.Text(f))))
            .ToArray();
        if (lines.Length == 0)
        {
            return;
        }
        sb.Append("<ul class=\"warnings\">\n");
        foreach (var (label, kind, text) in lines)
        {
            sb.Append($"<li class=\"{kind}\"><b>{H(label)}</b> {kind}: {H(text)}</li>\n");
        }
        sb.Append("</ul>\n");
    }

    private static void Table(StringBuilder sb, SummaryTable table)
    {
        sb.Append("<div class=\"scroll\"><table>\n<caption>").Append(H(table.Title)).Append("</caption>\n<thead><tr>");
        for (int i = 0; i < table.Headers.Count; i++)
        {
            sb.Append(table.IsText(i) ? "<th>" : "<th class=\"num\">").Append(H(table.Headers[i])).Append("</th>");
        }
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            sb.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
            {
                var classes = new List<string>();
                if (!table.IsText(i))
                {
                    classes.Add("num");
                }
                if (row[i].Tone != Tone.Plain)
                {
                    classes.Add(row[i].Tone.ToString().ToLowerInvariant());
                }
                sb.Append(i == 0 ? "<th scope=\"row\"" : "<td");
                if (classes.Count > 0)
                {
                    sb.Append(" class=\"").Append(string.Join(' ', classes)).Append('"');
                }
                sb.Append('>').Append(H(row[i].Text)).Append(i == 0 ? "</th>" : "</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table></div>\n");
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        :root { color-scheme: light; --ink: #1b1f24; --muted: #59636e; --line: #d1d9e0; --good: #1a7f37; --bad: #cf222e; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px; }
        h1 { font-size: 1.6em; margin: 0 0 4px; }
        h2 { font-size: 1.25em; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 1.05em; margin: 16px 0 4px; }
        .sub { color: var(--muted); margin: 0 0 16px; }
        ul.verdicts { padding-left: 1.2em; }
        ul.verdicts li { margin: 4px 0; }
        li.overall-good::marker { color: var(--good); }
        li.overall-bad::marker { color: var(--bad); }
        .alarm { color: var(--bad); font-weight: 600; }
        figure.chart { position: relative; margin: 0 0 28px; }
        figcaption { text-align: center; font-size: 1.1em; margin: 0 0 4px; }
        figure.chart svg { width: 100%; height: auto; display: block; font-family: "DejaVu Sans", system-ui, sans-serif; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 0 0 4px 76px; font-size: 0.92em; }
        .key { display: inline-flex; align-items: center; gap: 6px; user-select: none; }
        .js .key { cursor: pointer; }
        .key.off { opacity: 0.4; text-decoration: line-through; }
        .swatch { width: 22px; height: 4px; border-radius: 2px; display: inline-block; }
        svg .axis { font-size: 14px; fill: var(--muted); }
        svg .ticks text { font-size: 12px; fill: var(--muted); }
        svg .grid line { stroke: #000; stroke-opacity: 0.1; }
        svg .frame { fill: none; stroke: #000; stroke-opacity: 0.5; }
        svg .zero { stroke: #000; stroke-opacity: 0.55; stroke-dasharray: 6 4; }
        svg .line { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
        svg .line.faint { stroke-width: 1; stroke-opacity: 0.3; }
        svg .band { fill-opacity: 0.18; stroke: none; }
        svg .cursor { stroke: #000; stroke-opacity: 0.35; }
        svg .hidden { display: none; }
        .tip { position: absolute; pointer-events: none; background: rgba(255,255,255,0.95); border: 1px solid var(--line); border-radius: 4px;
               padding: 4px 8px; font-size: 0.85em; white-space: nowrap; box-shadow: 0 1px 4px rgba(0,0,0,0.15); }
        .tip .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 4px; }
        table { border-collapse: collapse; margin: 0 0 20px; font-size: 0.9em; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; }
        thead th { background: #f6f8fa; }
        tbody th { font-weight: 600; }
        .num { text-align: right; white-space: nowrap; } /* a number never breaks; a wide table scrolls */
        .good { color: var(--good); }
        .bad { color: var(--bad); }
        .alarm { color: var(--bad); font-weight: 700; }
        .scroll { overflow-x: auto; }
        ul.warnings { margin: -12px 0 20px; padding-left: 1.2em; font-size: 0.9em; }
        ul.warnings li.warning::marker { color: var(--bad); }
        /* the command wraps between words only; a word wider than the page scrolls */
        pre { background: #f6f8fa; padding: 10px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: normal; word-break: normal; }
        pre code span { white-space: pre; }

        """;

    /// <summary>Hover and legend toggles; the page works without it.</summary>
    private const string Script = """
        "use strict";
        document.documentElement.classList.add("js");
        for (const fig of document.querySelectorAll("figure.chart")) {
          const svg = fig.querySelector("svg");
          const tip = fig.querySelector(".tip");
          const cursor = svg.querySelector(".cursor");
          const data = JSON.parse(fig.querySelector("script.chart-data").textContent);
          const hidden = new Set();
          for (const key of fig.querySelectorAll(".key")) {
            key.setAttribute("role", "button");
            key.setAttribute("tabindex", "0");
            key.setAttribute("aria-pressed", "true");
            const toggle = () => {
              const s = key.dataset.series;
              const off = !hidden.has(s);
              if (off) hidden.add(s); else hidden.delete(s);
              key.classList.toggle("off", off);
              key.setAttribute("aria-pressed", String(!off));
              for (const el of svg.querySelectorAll('[data-series="' + s + '"]')) el.classList.toggle("hidden", off);
            };
            key.addEventListener("click", toggle);
            key.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
          }
          const fmt = v => Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
          const nearest = (xs, x) => {
            let lo = 0, hi = xs.length - 1;
            while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (xs[mid] <= x) lo = mid; else hi = mid; }
            return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
          };
          svg.addEventListener("mousemove", e => {
            const m = svg.getScreenCTM();
            if (!m) return;
            const px = (e.clientX - m.e) / m.a;
            if (px < data.left || px > data.left + data.width) { tip.hidden = true; cursor.setAttribute("visibility", "hidden"); return; }
            const x = data.x0 + (px - data.left) / data.width * (data.x1 - data.x0);
            const rows = [];
            let step = null;
            for (const line of data.lines) {
              if (hidden.has(String(line.series)) || line.x.length === 0) continue;
              const i = nearest(line.x, x);
              if (step === null || Math.abs(line.x[i] - x) < Math.abs(step - x)) step = line.x[i];
              rows.push([line, line.y[i], line.x[i]]);
            }
            if (rows.length === 0) { tip.hidden = true; cursor.setAttribute("visibility", "hidden"); return; }
            const sx = data.left + (step - data.x0) / (data.x1 - data.x0) * data.width;
            cursor.setAttribute("x1", sx); cursor.setAttribute("x2", sx); cursor.setAttribute("visibility", "visible");
            tip.replaceChildren();
            const head = document.createElement("div");
            head.textContent = data.xLabel + " " + step;
            tip.append(head);
            for (const [line, y, at] of rows) {
              const row = document.createElement("div");
              const dot = document.createElement("span");
              dot.className = "dot"; dot.style.background = line.color;
              row.append(dot, line.label + ": " + fmt(y) + (at !== step ? " (step " + at + ")" : ""));
              tip.append(row);
            }
            tip.hidden = false;
            const box = fig.getBoundingClientRect();
            const left = e.clientX - box.left + 14;
            tip.style.left = Math.min(left, box.width - tip.offsetWidth - 4) + "px";
            tip.style.top = (e.clientY - box.top + 14) + "px";
          });
          svg.addEventListener("mouseleave", () => { tip.hidden = true; cursor.setAttribute("visibility", "hidden"); });
        }

        """;
}
