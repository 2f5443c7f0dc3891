using System.Globalization;
using System.Text;

namespace TrainCompare.Pipeline;

/// <summary>
/// One report of watch mode (<see cref="ComparisonPipeline.Watch"/>), rendered whole before anything is shown:
/// the summary as the console prints it, and what a screen's header says about it. How it is shown is the
/// caller's: appended to a stream (<see cref="AppendTo"/>, the default) or drawn in place on a terminal.
/// </summary>
public sealed record WatchFrame
{
    /// <summary>1 for the first report, then one more each time the logs grew.</summary>
    public required int Number { get; init; }

    /// <summary>When the report was made (local time).</summary>
    public required DateTime Time { get; init; }

    /// <summary>Each run's label and the last step its logs printed; null when they printed none yet.</summary>
    public required IReadOnlyList<(string Label, long? Step)> LatestSteps { get; init; }

    /// <summary>What happened to the logs since the last report ("note: ... was truncated or replaced ..."), a line each.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>The summary, every line ending in a line end, exactly as a run without --watch prints it.</summary>
    public required string Report { get; init; }

    /// <summary>The report's verdict lines, one per compare run ("fused vs baseline: 1.083× faster ..."), also in <see cref="Report"/>.</summary>
    public IReadOnlyList<string> Verdicts { get; init; } = [];

    /// <summary>How many logs are followed.</summary>
    public required int Logs { get; init; }

    /// <summary>How often the logs are read.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>"every 5 s", "every 0.5 s".</summary>
    public string Every => $"every {Interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    /// <summary>
    /// For a stream that is not a terminal (a file, a pipe, a CI log): every report appended in one write,
    /// each after the first under a "--- HH:mm:ss: the logs grew ---" line, the notes before it.
    /// </summary>
    public static Action<WatchFrame> AppendTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return frame =>
        {
            var text = new StringBuilder();
            string nl = output.NewLine;
            if (frame.Number == 1)
            {
                foreach (string note in frame.Notes)
                {
                    text.Append(note).Append(nl);
                }
                text.Append(frame.Report);
                text.Append(CultureInfo.InvariantCulture, $"Watching {frame.Logs} log{(frame.Logs == 1 ? "" : "s")} {frame.Every}; Ctrl-C stops.{nl}");
            }
            else
            {
                foreach (string note in frame.Notes)
                {
                    text.Append(note).Append(nl);
                }
                text.Append(nl).Append(CultureInfo.InvariantCulture, $"--- {frame.Time:HH:mm:ss}: the logs grew ---{nl}");
                text.Append(frame.Report);
            }
            output.Write(text.ToString());
            output.Flush();
        };
    }
}
