namespace TrainCompare.Formats;

/// <summary>
/// How the structured formats (JSON lines, CSV, Hugging Face dicts) map field names to metrics: which field is
/// the step, which the loss, which a time, and what unit a time is in.
/// </summary>
public static class FieldNames
{
    public static readonly string[] StepKeys = ["step", "global_step", "iteration", "iter", "it"];

    private static readonly string[] LossKeys = ["loss", "train_loss", "train/loss", "training_loss", "lm_loss", "loss/train", "train_loss_step"];
    private static readonly string[] ValLossKeys = ["val_loss", "eval_loss", "validation_loss", "val/loss", "loss/val", "eval/loss"];

    /// <summary>The metric a field holds, or null to keep it under its own name.</summary>
    public static string? Metric(string key) => key.ToLowerInvariant() switch
    {
        var k when LossKeys.Contains(k) => Metrics.Loss,
        var k when ValLossKeys.Contains(k) => Metrics.ValLoss,
        "grad_norm" or "gradient_norm" or "train/grad_norm" => Metrics.GradNorm,
        "lr" or "learning_rate" or "train/learning_rate" => Metrics.LearningRate,
        "tokens_per_sec" or "tokens_per_second" or "tok/s" or "tps" or "throughput" => Metrics.TokensPerSecond,
        "mfu" => Metrics.MfuPercent,
        "tflops" => Metrics.Tflops,
        _ => null,
    };

    /// <summary>
    /// The unit of a time field: from its name when it says (step_time_ms, time_ms: ms; *_s, *_sec, dt:
    /// seconds), <see cref="TimeUnit.Unknown"/> for a time whose name does not say (decided by
    /// <see cref="SecondsByValue"/>), null for a field that is no time.
    /// </summary>
    public static TimeUnit? TimeField(string key)
    {
        string k = key.ToLowerInvariant();
        if (k is "step_time_ms" or "time_ms" or "iter_time_ms" or "elapsed_ms" or "ms")
        {
            return TimeUnit.Milliseconds;
        }
        if (k is "dt" or "step_time_s" or "time_s" or "step_time_sec" or "iter_time" or "train_runtime_per_step")
        {
            return TimeUnit.Seconds;
        }
        if (k is "step_time" or "time" or "elapsed" or "iteration_time")
        {
            return TimeUnit.Unknown;
        }
        return null;
    }

    /// <summary>
    /// A time field whose name does not give its unit is read as seconds when its first value is under 20
    /// (a training step of 20 ms or less is rare, one of 20 s or more rarer still), otherwise as milliseconds.
    /// </summary>
    public static bool SecondsByValue(double first) => first < 20;
}

public enum TimeUnit
{
    Milliseconds,
    Seconds,
    Unknown,
}
