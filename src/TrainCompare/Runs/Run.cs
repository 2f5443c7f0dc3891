namespace TrainCompare.Runs;

/// <summary>A labelled training run: the files it was read from, the format detected, one series per metric.</summary>
public sealed class Run
{
    public Run(string label, IReadOnlyList<string> files, string format, IReadOnlyDictionary<string, Series> series,
        IReadOnlyList<string> warnings)
    {
        Label = label;
        Files = files;
        Format = format;
        SeriesByMetric = series;
        Warnings = warnings;
    }

    public string Label { get; }
    public IReadOnlyList<string> Files { get; }
    public string Format { get; }
    public IReadOnlyDictionary<string, Series> SeriesByMetric { get; }
    public IReadOnlyList<string> Warnings { get; }

    public Series Loss => Get(Metrics.Loss);
    public Series StepTimeMs => Get(Metrics.StepTimeMs);

    public Series Get(string metric)
        => SeriesByMetric.TryGetValue(metric, out var s) ? s : Series.Empty(metric);
}
