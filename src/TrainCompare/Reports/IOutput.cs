namespace TrainCompare.Reports;

/// <summary>How the command line selects an output.</summary>
public enum OutputKind
{
    /// <summary>One of --plots' values: the chart files.</summary>
    Charts,

    /// <summary>One of --report's values: a report file next to the charts.</summary>
    Report,

    /// <summary>An output with an option of its own (--mermaid, --json PATH, --github-summary).</summary>
    Option,
}

/// <summary>
/// One output traincmp can write: the seam outputs share, as <see cref="Formats.ILogFormat"/> is the formats'.
/// An output first says which files it will write (<see cref="Plan"/>: nothing is written until every output
/// has planned, so a name that cannot be written fails before any file is touched), then stages them
/// (<see cref="Write"/>); <see cref="Outputs.Write"/> renames everything into place at the end, or removes it
/// all on a failure. A new output is one class implementing this plus its line in <see cref="Outputs.All"/>:
/// the command line's values, its help and the pipeline's loop all come from that list.
/// </summary>
public interface IOutput
{
    /// <summary>The value that selects it (<c>--plots svg</c>, <c>--report html</c>); unique among <see cref="Outputs.All"/>.</summary>
    string Name { get; }

    OutputKind Kind { get; }

    /// <summary>What it writes, for --help (<c>summary.md, for PRs</c>).</summary>
    string Description { get; }

    /// <summary>Reserves the files it will write (<see cref="OutputContext.Reserve"/> and its siblings); writes nothing.</summary>
    void Plan(OutputContext context);

    /// <summary>Stages its files (<see cref="OutputContext.Stage(string, ReadOnlySpan{byte})"/>); outputs later in
    /// <see cref="Outputs.All"/> see what earlier ones published (<see cref="OutputContext.Images"/>,
    /// <see cref="OutputContext.MermaidBlocks"/>).</summary>
    void Write(OutputContext context);
}
