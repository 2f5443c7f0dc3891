namespace TrainCompare.Analysis;

/// <summary>The knobs of an analysis. Defaults are those of the script traincmp replaces.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Step times skipped at the start of each run (compilation, caches warming up).</summary>
    public int WarmupSteps { get; init; } = 15;

    /// <summary>Losses averaged at the end of each run for the final loss.</summary>
    public int FinalWindow { get; init; } = 100;

    /// <summary>Loss plots keep steps up to this one; null for all.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Significance level: a speedup verdict is faster or slower only when p &lt; alpha.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>The CI gates; none by default.</summary>
    public GateOptions Gates { get; init; } = new();
}
