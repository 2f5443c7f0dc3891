namespace TrainCompare.Analysis;

/// <summary>How runs are lined up: by the step the log printed, or by steps since each run's first logged step.</summary>
public enum Alignment
{
    Step,
    Relative,
}

/// <summary>The knobs of an analysis. Defaults are those of the script traincmp replaces.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Step times skipped at the start of each run (compilation, caches warming up).</summary>
    public int WarmupSteps { get; init; } = 15;

    /// <summary>--warmup-steps auto: find each run's warm-up from its step times (<see cref="Warmup"/>) instead of <see cref="WarmupSteps"/>.</summary>
    public bool AutoWarmup { get; init; }

    /// <summary>Losses averaged at the end of each run for the final loss.</summary>
    public int FinalWindow { get; init; } = 100;

    /// <summary>Loss plots keep steps up to this one; null for all.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Significance level: a speedup verdict is faster or slower only when p &lt; alpha.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>EMA smoothing of losses as TensorBoard's slider, in [0, 1); 0 for none.</summary>
    public double Smoothing { get; init; }

    /// <summary>|smoothed loss difference| above which a run has diverged; null to choose it from the data.</summary>
    public double? LossTolerance { get; init; }

    /// <summary>Compare by the logged step (default) or by steps since each run's first logged step.</summary>
    public Alignment Align { get; init; } = Alignment.Step;

    /// <summary>The CI gates; none by default.</summary>
    public GateOptions Gates { get; init; } = new();
}
