using TrainCompare.Analysis;
using TrainCompare.Reports.Charts;

namespace TrainCompare.Reports;

/// <summary>
/// What every output is handed: the comparison, the settings, the files it may write (reserved while planning,
/// staged while writing, all through one <see cref="OutputDirectory"/> transaction), and what earlier outputs
/// published for later ones (the chart images a report links, the Mermaid blocks it embeds).
/// </summary>
public sealed class OutputContext
{
    private readonly List<string> _names = [];
    private readonly List<string> _outside = [];
    private readonly List<string> _appends = [];
    private readonly List<(string Title, string Path)> _images = [];
    private readonly List<string> _mermaid = [];
    private readonly List<string> _saved = [];
    private readonly List<AppendedFile> _appended = [];
    private IReadOnlyList<ChartSpec>? _charts;
    private IReadOnlyList<BarChartSpec>? _barCharts;
    private IReadOnlyList<(string FileStem, string Markdown)>? _mermaidCharts;

    public OutputContext(Comparison comparison, OutputSettings settings)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(settings);
        Comparison = comparison;
        Settings = settings;
        Directory = new OutputDirectory(settings.Directory, settings.FilePrefix);
    }

    public Comparison Comparison { get; }

    public OutputSettings Settings { get; }

    /// <summary>The output directory's transaction (the prefix already applied to names given to it).</summary>
    public OutputDirectory Directory { get; }

    /// <summary>The charts of the comparison at full resolution, built once for every chart output.</summary>
    public IReadOnlyList<ChartSpec> Charts => _charts ??= ComparisonCharts.For(Comparison, Settings.TitlePrefix);

    /// <summary>The bar charts of the comparison (the profiles' largest op changes; none without profiles), built once.</summary>
    public IReadOnlyList<BarChartSpec> BarCharts => _barCharts ??= ProfileChart.For(Comparison, Settings.TitlePrefix);

    /// <summary>
    /// The Mermaid charts of the comparison, (file stem, Markdown), built once per context: outputs are shared
    /// instances (<see cref="Outputs.All"/>), so what one report needs from planning to writing lives here, never
    /// in an output (watch mode writes many reports with the same instances).
    /// </summary>
    public IReadOnlyList<(string FileStem, string Markdown)> MermaidCharts =>
        _mermaidCharts ??= Reports.MermaidCharts.For(Comparison, Settings.TitlePrefix, Settings.MermaidMaxPoints);

    /// <summary>(title, path relative to the output directory) of each chart image written so far.</summary>
    public IReadOnlyList<(string Title, string Path)> Images => _images;

    /// <summary>The Mermaid chart sections written so far, for the Markdown reports to embed.</summary>
    public IReadOnlyList<string> MermaidBlocks => _mermaid;

    /// <summary>What was written, as the "Saved:" lines show it.</summary>
    public IReadOnlyList<string> Saved => _saved;

    /// <summary>Planning: a file named <paramref name="name"/> (before the prefix) in the output directory.</summary>
    public void Reserve(string name) => _names.Add(name);

    /// <summary>Planning: a file at <paramref name="path"/>, outside the output directory (--json PATH).</summary>
    public void ReserveOutside(string path) => _outside.Add(Path.GetFullPath(path));

    /// <summary>Planning: a file <see cref="Append"/> will add to (the job summary); checked now that it can be.</summary>
    public void ReserveAppend(string path)
    {
        AppendedFile.CheckAppendable(path);
        _appends.Add(path);
    }

    /// <summary>Stages <paramref name="content"/> as <paramref name="name"/> in the output directory.</summary>
    public void Stage(string name, ReadOnlySpan<byte> content) => _saved.Add(Directory.Stage(name, content));

    /// <summary>Streams a file named <paramref name="name"/> in the output directory.</summary>
    public void Stage(string name, Action<Stream> write) => _saved.Add(Directory.Stage(name, write));

    /// <summary>Stages a file outside the output directory (its directory created, errors naming <paramref name="option"/>).</summary>
    public void StageOutside(string path, ReadOnlySpan<byte> content, string option)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = content.ToArray();
        string full = Path.GetFullPath(path);
        OutputDirectory.CreateDirectory(Path.GetDirectoryName(full)!, option);
        Directory.StageFile(full, stream => stream.Write(bytes));
        _saved.Add(path);
    }

    /// <summary>
    /// Appends <paramref name="text"/> to <paramref name="path"/> in one write, before the staged files are
    /// renamed; it is cut back off when anything fails after it.
    /// </summary>
    public void Append(string path, string text)
    {
        _appended.Add(AppendedFile.Append(path, text));
        _saved.Add($"{path} (appended)");
    }

    /// <summary>Publishes a chart image (<paramref name="name"/> before the prefix) for the reports to link.</summary>
    public void AddImage(string title, string name) => _images.Add((title, Directory.FilePrefix + name));

    /// <summary>Publishes a Mermaid chart section for the Markdown reports to embed.</summary>
    public void AddMermaid(string block) => _mermaid.Add(block);

    /// <summary>Checks every reserved name, and creates the directory; nothing written yet.</summary>
    internal void CheckPlan()
    {
        Directory.Plan(_names, [.. _outside]);
        Directory.Create();
    }

    /// <summary>Renames every staged file into place; takes the appends back when a rename fails.</summary>
    internal void Commit()
    {
        try
        {
            Directory.Commit();
        }
        catch (TrainCompareException)
        {
            Undo();
            throw;
        }
    }

    /// <summary>After a failure: removes every staged file and takes back every append.</summary>
    internal void Undo()
    {
        foreach (var appended in _appended)
        {
            appended.Undo();
        }
        _appended.Clear();
        Directory.Abort();
    }
}
