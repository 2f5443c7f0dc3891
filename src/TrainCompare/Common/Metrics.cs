namespace TrainCompare.Common;

/// <summary>
/// Metric names, in one place. Formats emit observations under these names, reports show them.
/// Step times are always milliseconds.
/// </summary>
public static class Metrics
{
    public const string Loss = "loss";
    public const string StepTimeMs = "step_time_ms";
    /// <summary>Tokens per second (tt-train's TPS).</summary>
    public const string TokensPerSecond = "tokens_per_s";
    public const string Tflops = "tflops";
    /// <summary>Model FLOPs utilization, in percent.</summary>
    public const string MfuPercent = "mfu_percent";
    public const string ValLoss = "val_loss";
    /// <summary>nanoGPT's periodic evaluation of the training loss (not the per-iteration loss).</summary>
    public const string EvalTrainLoss = "eval_train_loss";
    public const string GradNorm = "grad_norm";
    public const string LearningRate = "lr";
    public const string MemoryGiB = "memory_gib";

    /// <summary>Every metric a format reads under a name of its own (the names above).</summary>
    public static IReadOnlyList<string> BuiltIn { get; } =
        [Loss, StepTimeMs, TokensPerSecond, Tflops, MfuPercent, ValLoss, EvalTrainLoss, GradNorm, LearningRate, MemoryGiB];

    /// <summary>
    /// True for the name of a built-in metric, in any case, and for "step" and "step_time" (what --pattern
    /// calls the step and the step time): --metric may not take one, or its values would merge into the format's.
    /// </summary>
    public static bool IsBuiltIn(string name) => name.Equals("step", StringComparison.OrdinalIgnoreCase)
        || name.Equals("step_time", StringComparison.OrdinalIgnoreCase)
        || BuiltIn.Any(m => m.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Metrics with charts and summaries of their own (loss and step time have theirs).</summary>
    public static bool IsExtra(string metric) => metric is not (Loss or StepTimeMs);

    /// <summary>How a metric is named on a chart.</summary>
    public static string Title(string metric) => metric switch
    {
        TokensPerSecond => "Tokens per second",
        Tflops => "TFLOPS",
        MfuPercent => "MFU (%)",
        ValLoss => "Validation loss",
        EvalTrainLoss => "Evaluated training loss",
        GradNorm => "Gradient norm",
        LearningRate => "Learning rate",
        MemoryGiB => "Memory (GiB)",
        _ => metric,
    };
}
