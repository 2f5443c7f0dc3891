using TrainCompare.Analysis;
using TrainCompare.Formats;
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
    /// <summary>Checks what can be checked before reading: files and globs, labels, the output directory.</summary>
    public static IReadOnlyList<RunGroupSpec> Plan(ComparisonRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var custom = request.Patterns.Count == 0
            ? null
            : new RegexFormat(request.Patterns.Select(p => MetricPattern.Parse("--pattern", p)).ToArray(), request.TimeUnit);
        var extra = request.MetricPatterns.Select(p => MetricPattern.Parse("--metric", p)).ToArray();
        var specs = RunGroupSpec.WithFormats(RunSpec.CreateGroups([request.Baseline, .. request.Compare], request.Labels), request.Formats)
            .Select(g => g with { Rank = request.Rank, Custom = custom, ExtraMetrics = extra, LossTag = request.LossTag, TimeTag = request.TimeTag })
            .ToArray();
        CheckOutputPaths(request);
        return specs;
    }

    /// <summary>--output-dir and --json name a directory and a file that can be written (checked before reading).</summary>
    private static void CheckOutputPaths(ComparisonRequest request)
    {
        if (request.OutputDir.Length == 0)
        {
            throw new TrainCompareException("--output-dir '': an empty path (use . for the current directory)");
        }
        if (File.Exists(request.OutputDir))
        {
            throw new TrainCompareException($"--output-dir {request.OutputDir}: is a file, not a directory");
        }
        if (request.JsonPath is not { } json || json == "-")
        {
            return;
        }
        if (json.Length == 0)
        {
            throw new TrainCompareException("--json '': an empty path (give a file name, or - for standard output)");
        }
        if (Directory.Exists(json) || Path.GetFileName(json).Length == 0)
        {
            throw new TrainCompareException($"--json {json}: names a directory, not a file");
        }
        OutputDirectory.CheckFileName(json, $"--json {json}");
    }

    /// <summary>Reads, analyses and reports once.</summary>
    /// <param name="onRead">Called, from several threads, with the bytes of each read (for a progress bar).</param>
    public static Comparison Run(ComparisonRequest request, TextWriter output, Action<long>? onRead = null) =>
        Report(request, Load(request, onRead), output);

    /// <summary>Checks the request and reads every run; writes nothing (a progress bar can run around it alone).</summary>
    /// <param name="onRead">Called, from several threads, with the bytes of each read.</param>
    public static IReadOnlyList<Run> Load(ComparisonRequest request, Action<long>? onRead = null)
    {
        var specs = Plan(request);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runs = RunLoader.LoadGroups(specs, onRead);
        request.Timings?.WriteLine($"timing: read and parse {clock.Elapsed.TotalMilliseconds:F1} ms");
        return runs;
    }

    /// <summary>Analyses <paramref name="runs"/> and writes the summary and the charts.</summary>
    public static Comparison Report(ComparisonRequest request, IReadOnlyList<Run> runs, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var comparison = Comparison.Of(runs, request.Options);
        request.Timings?.WriteLine($"timing: analysis {clock.Elapsed.TotalMilliseconds:F1} ms");

        ConsoleSummary.WriteRunLines(comparison, output);
        ConsoleSummary.WriteClassicBlock(comparison, output);
        ConsoleTables.Write(comparison, output, request.Color);

        output.WriteLine();
        output.WriteLine("Generating plots...");
        var saved = WriteOutputs(request, comparison, clock);
        foreach (string path in saved)
        {
            output.WriteLine($"Saved: {path}");
        }
        output.WriteLine();
        output.WriteLine("Done!");
        return comparison;
    }

    /// <summary>
    /// Writes the charts, the reports, the JSON report and the job summary as one transaction: every file
    /// name is decided and checked first, every file is staged, the job summary appended, and only then is
    /// anything renamed into place; a failure anywhere removes every staged file and leaves what the user
    /// had.
    /// </summary>
    /// <returns>What was written, for the "Saved:" lines.</returns>
    private static List<string> WriteOutputs(ComparisonRequest request, Comparison comparison, System.Diagnostics.Stopwatch clock)
    {
        clock.Restart();
        var outputs = new OutputDirectory(request.OutputDir, request.FilePrefix);
        var charts = request.Plots == "none" ? [] : ComparisonCharts.For(comparison, request.TitlePrefix);
        string extension = request.Plots == "svg" ? ".svg" : ".png";
        var mermaid = request.Mermaid ? MermaidCharts.For(comparison, request.TitlePrefix, request.MermaidMaxPoints) : [];
        var reports = new[] { ("md", "summary.md"), ("html", "report.html"), ("csv", "series.csv") }
            .Where(r => request.Reports.Contains(r.Item1)).Select(r => r.Item2).ToArray();
        string? json = request.JsonPath is { } j && j != "-" ? Path.GetFullPath(j) : null;
        outputs.Plan([.. charts.Select(c => c.FileStem + extension), .. mermaid.Select(m => m.FileStem + ".md"), .. reports],
            json is null ? [] : [json]);
        if (request.GitHubSummaryPath is { } summaryPath)
        {
            CheckAppendable(summaryPath);
        }
        outputs.Create();
        if (json is not null)
        {
            OutputDirectory.CreateDirectory(Path.GetDirectoryName(json)!, "--json");
        }
        try
        {
            var rendered = new byte[charts.Count][];
            Parallel.For(0, charts.Count, i => rendered[i] = extension == ".svg" ? SvgChartWriter.Render(charts[i]) : PngChartWriter.Render(charts[i]));
            var saved = new List<string>();
            for (int i = 0; i < charts.Count; i++)
            {
                saved.Add(outputs.Stage(charts[i].FileStem + extension, rendered[i]));
            }
            request.Timings?.WriteLine($"timing: charts {clock.Elapsed.TotalMilliseconds:F1} ms");
            clock.Restart();
            string? githubSummary = WriteReports(request, comparison, outputs, mermaid,
                charts.Select(c => (c.Title, outputs.FilePrefix + c.FileStem + extension)).ToArray(), saved);
            if (json is not null)
            {
                var bytes = JsonReport.Render(comparison);
                outputs.StageFile(json, stream => stream.Write(bytes));
                saved.Add(request.JsonPath!);
            }
            // appended before the renames, so a summary that cannot be written leaves no output behind;
            // and taken back if a rename then fails
            var appended = githubSummary is null ? null : AppendGitHubSummary(request.GitHubSummaryPath!, githubSummary);
            try
            {
                outputs.Commit();
            }
            catch (TrainCompareException)
            {
                appended?.Undo();
                throw;
            }
            if (appended is not null)
            {
                saved.Add($"{request.GitHubSummaryPath} (appended)");
            }
            request.Timings?.WriteLine($"timing: reports {clock.Elapsed.TotalMilliseconds:F1} ms");
            return saved;
        }
        finally
        {
            outputs.Abort(); // nothing left to remove after a commit; every staged file after any failure
        }
    }

    /// <summary>
    /// Stages the reports asked for (--report, --mermaid) next to the charts and returns the Markdown to
    /// append to the GitHub job summary, or null when none was asked for.
    /// </summary>
    private static string? WriteReports(ComparisonRequest request, Comparison comparison, OutputDirectory outputs,
        IReadOnlyList<(string FileStem, string Markdown)> mermaid, IReadOnlyList<(string Title, string Path)> images, List<string> saved)
    {
        foreach (var (stem, markdown) in mermaid)
        {
            saved.Add(outputs.Stage(stem + ".md", System.Text.Encoding.UTF8.GetBytes(markdown)));
        }
        string title = request.TitlePrefix + "Training run comparison";
        var blocks = mermaid.Select(m => m.Markdown).ToArray();
        if (request.Reports.Contains("md"))
        {
            string md = MarkdownReport.Render(comparison, new MarkdownContent(title, images, blocks, request.CommandLine));
            saved.Add(outputs.Stage("summary.md", System.Text.Encoding.UTF8.GetBytes(md)));
        }
        if (request.Reports.Contains("html"))
        {
            var charts = ComparisonCharts.For(comparison, request.TitlePrefix, HtmlChartWriter.Columns);
            string html = HtmlReport.Render(comparison, charts, title, request.CommandLine);
            saved.Add(outputs.Stage("report.html", System.Text.Encoding.UTF8.GetBytes(html)));
        }
        if (request.Reports.Contains("csv"))
        {
            saved.Add(outputs.Stage("series.csv", stream => SeriesCsv.Write(comparison, stream)));
        }
        // the job summary has no files next to it, so it carries the Mermaid charts but no image links
        return request.GitHubSummaryPath is null
            ? null
            : MarkdownReport.Render(comparison, new MarkdownContent(title, [], blocks, request.CommandLine));
    }

    /// <summary>An append to the job summary that can be taken back (the file cut to its old length; -1 when it cannot be).</summary>
    private sealed record Appended(string Path, long Length)
    {
        public void Undo()
        {
            if (Length < 0)
            {
                return;
            }
            try
            {
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                stream.SetLength(Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // best effort: the error that made us undo is the one reported
            }
        }
    }

    /// <summary>Fails, before anything is written, when the job summary cannot be appended to (a directory, no permission).</summary>
    private static void CheckAppendable(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new IOException("is a directory");
            }
            if (File.Exists(path))
            {
                using var probe = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotAppend(path, e);
        }
    }

    private static TrainCompareException CannotAppend(string path, Exception e) =>
        new($"$GITHUB_STEP_SUMMARY {path}: cannot be appended to ({e.Message})");

    /// <summary>
    /// Appends in one write, so a concurrent step's summary is never interleaved with this one; a write that
    /// fails part way (a full disk) is cut back off.
    /// </summary>
    private static Appended AppendGitHubSummary(string path, string markdown)
    {
        long length = -1;
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            length = stream.CanSeek ? stream.Length : -1;
            stream.Write(System.Text.Encoding.UTF8.GetBytes("\n" + markdown));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            new Appended(path, length).Undo();
            throw CannotAppend(path, e);
        }
        return new Appended(path, length);
    }

    /// <summary>
    /// Watch mode: reports once, then every <paramref name="interval"/> reads only what was appended to the
    /// logs and, when anything was, reports again — until <paramref name="stop"/> is cancelled. A file that
    /// is truncated or replaced is read again from the start. Every report is complete on disk before the
    /// next starts (files are renamed into place), so stopping at any moment leaves complete outputs.
    /// </summary>
    /// <param name="output">Where the reports are appended when <paramref name="display"/> is null.</param>
    /// <param name="errors">Where problems found while watching go (the first read's errors are thrown).</param>
    /// <param name="display">
    /// Shows each report, rendered whole first (a terminal redraws it in place in one write); null appends
    /// them to <paramref name="output"/> (<see cref="WatchFrame.AppendTo"/>).
    /// </param>
    /// <returns>How many reports were written.</returns>
    public static int Watch(ComparisonRequest request, TextWriter output, TextWriter errors, TimeSpan interval,
        CancellationToken stop, Action<long>? onRead = null, Action<WatchFrame>? display = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        display ??= WatchFrame.AppendTo(output);
        var groups = Plan(request);
        var readers = RunLoader.OpenAll(groups.SelectMany(g => g.Repeats).ToArray(), follow: true, onRead);
        IReadOnlyList<Run> Current()
        {
            var runs = new List<Run>(groups.Count);
            int at = 0;
            foreach (var g in groups)
            {
                runs.Add(RunGroup.Combine(g.Label, readers.Skip(at).Take(g.Paths.Count).Select(r => r.ToRun()).ToArray()));
                at += g.Paths.Count;
            }
            return runs;
        }
        int reports = 0;
        var notes = new List<string>();
        void Show()
        {
            var runs = Current();
            var report = new StringWriter(output.FormatProvider) { NewLine = output.NewLine };
            var comparison = Report(request, runs, report);
            reports++;
            display(new WatchFrame
            {
                Number = reports,
                Time = DateTime.Now,
                LatestSteps = runs.Select(r => (r.Label, r.SeriesByMetric.Values.Where(s => s.Count > 0).Select(s => (long?)s.LastStep).Max()))
                    .ToArray(),
                Notes = [.. notes],
                Report = report.ToString(),
                Verdicts = comparison.Comparisons.Select(c => VerdictLine.For(c, comparison.Baseline.Run.Label)).ToArray(),
                Logs = readers.Count,
                Interval = interval,
            });
            notes.Clear();
        }
        try
        {
            Show();
            while (!stop.WaitHandle.WaitOne(interval))
            {
                bool changed = false;
                foreach (var reader in readers)
                {
                    try
                    {
                        int restarts = reader.Restarts;
                        changed |= reader.Refresh();
                        if (reader.Restarts != restarts)
                        {
                            notes.Add($"note: {reader.Spec.Path} was truncated or replaced; reading it again from the start");
                        }
                    }
                    catch (TrainCompareException e)
                    {
                        errors.WriteLine($"traincmp: warning: {e.Message} (keeping what was read before)");
                    }
                }
                if (!changed || stop.IsCancellationRequested)
                {
                    continue;
                }
                Show();
            }
            return reports;
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }
}
