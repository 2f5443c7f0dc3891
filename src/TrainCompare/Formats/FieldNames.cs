namespace TrainCompare.Formats;

/// <summary>
/// How the structured formats (JSON lines, CSV, Hugging Face dicts) map field names to metrics: which field is
/// the step, which the loss, which a time, and what unit a time is in. Each metric's keys are listed in
/// priority order: when one record holds several of them (loss and train/loss), the first listed is read
/// (<see cref="KeyChooser"/>), as README's format table documents.
/// </summary>
public static class FieldNames
{
    public static readonly string[] StepKeys = ["step", "global_step", "iteration", "iter", "it"];

    private static readonly string[] LossKeys = ["loss", "train_loss", "train/loss", "training_loss", "lm_loss", "loss/train", "train_loss_step"];
    private static readonly string[] ValLossKeys = ["val_loss", "eval_loss", "validation_loss", "val/loss", "loss/val", "eval/loss"];
    private static readonly string[] GradNormKeys = ["grad_norm", "gradient_norm", "train/grad_norm"];
    private static readonly string[] LearningRateKeys = ["lr", "learning_rate", "train/learning_rate"];
    private static readonly string[] TokensKeys = ["tokens_per_sec", "tokens_per_second", "tok/s", "tps", "throughput"];

    /// <summary>Time keys, most specific first: a per-step time in a named unit before one whose name gives none.</summary>
    private static readonly string[] MillisecondKeys = ["step_time_ms", "time_ms", "iter_time_ms", "elapsed_ms", "step_ms", "ms"];
    private static readonly string[] SecondKeys = ["dt", "step_time_s", "time_s", "step_time_sec", "step_s", "iter_time", "train_runtime_per_step"];
    private static readonly string[] UnknownUnitKeys = ["step_time", "time", "elapsed", "iteration_time"];
    private static readonly string[] TimeKeys = [.. MillisecondKeys, .. SecondKeys, .. UnknownUnitKeys];

    private static readonly (string Metric, string[] Keys)[] Known =
    [
        (Metrics.Loss, LossKeys),
        (Metrics.ValLoss, ValLossKeys),
        (Metrics.GradNorm, GradNormKeys),
        (Metrics.LearningRate, LearningRateKeys),
        (Metrics.TokensPerSecond, TokensKeys),
        (Metrics.MfuPercent, ["mfu"]),
        (Metrics.Tflops, ["tflops"]),
        (Metrics.StepTimeMs, TimeKeys),
    ];

    /// <summary>The metric a field holds, or null to keep it under its own name (times: see <see cref="TimeField"/>).</summary>
    public static string? Metric(string key)
    {
        var (metric, rank) = Classify(key);
        return rank < 0 || metric == Metrics.StepTimeMs ? null : metric;
    }

    /// <summary>
    /// The metric a field holds (a time: <see cref="Metrics.StepTimeMs"/>) and its place in that metric's
    /// priority (0 first); a field no metric claims is its own metric, at rank -1.
    /// </summary>
    public static (string Metric, int Rank) Classify(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string k = key.ToLowerInvariant();
        foreach (var (metric, keys) in Known)
        {
            int rank = Array.IndexOf(keys, k);
            if (rank >= 0)
            {
                return (metric, rank);
            }
        }
        if (PrefixedTimeLeaf(k) is { } leaf)
        {
            return (Metrics.StepTimeMs, TimeKeys.Length + Array.IndexOf(TimeKeys, leaf)); // after every key without a prefix
        }
        return (key, -1);
    }

    /// <summary>Prefixes that say a time is no training step's (an evaluation's, a test's).</summary>
    private static readonly string[] NotTrainingPrefixes = ["val", "eval", "validation", "test"];

    /// <summary>
    /// A time key under a prefix (<c>train/step_time_s</c>, <c>time/step_s</c>, <c>perf/step_time</c>): its part after
    /// the last '/', when that is a time key and no prefix names an evaluation; otherwise null. The unit is the leaf's.
    /// </summary>
    private static string? PrefixedTimeLeaf(string lowered)
    {
        int slash = lowered.LastIndexOf('/');
        if (slash <= 0 || slash == lowered.Length - 1)
        {
            return null;
        }
        string leaf = lowered[(slash + 1)..];
        if (!TimeKeys.Contains(leaf))
        {
            return null;
        }
        foreach (string prefix in lowered[..slash].Split('/'))
        {
            if (NotTrainingPrefixes.Any(p => prefix == p || prefix.StartsWith(p + "_", StringComparison.Ordinal)))
            {
                return null;
            }
        }
        return leaf;
    }

    /// <summary>
    /// The unit of a time field: from its name when it says (step_time_ms, time_ms: ms; *_s, *_sec, dt:
    /// seconds; under a prefix, train/step_time_s, its last part's), <see cref="TimeUnit.Unknown"/> for a time whose name does not say (decided by
    /// <see cref="SecondsByValue"/>), null for a field that is no time.
    /// </summary>
    public static TimeUnit? TimeField(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string k = key.ToLowerInvariant();
        if (!TimeKeys.Contains(k) && PrefixedTimeLeaf(k) is { } leaf)
        {
            k = leaf; // the unit is the suffix's, whatever the prefix
        }
        return MillisecondKeys.Contains(k) ? TimeUnit.Milliseconds
            : SecondKeys.Contains(k) ? TimeUnit.Seconds
            : UnknownUnitKeys.Contains(k) ? TimeUnit.Unknown
            : null;
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

/// <summary>
/// One key per metric in each record (a JSON object, a CSV row): of the fields that name one metric (loss and
/// train/loss, lr and learning_rate) the first in <see cref="FieldNames"/>' priority is read and the others are
/// dropped; the keys passed over are remembered for a note on the run line. The same key twice: the later wins.
/// </summary>
public sealed class KeyChooser
{
    private readonly List<(string Key, string Metric, int Rank, double Value)> _chosen = [];
    private readonly Dictionary<string, (SortedSet<string> Used, SortedSet<string> Ignored)> _passedOver = new(StringComparer.Ordinal);

    /// <summary>The fields read from the record last given to <see cref="Choose"/>, in the order they first came.</summary>
    public IEnumerable<(string Key, string Metric, double Value)> Chosen => _chosen.Select(c => (c.Key, c.Metric, c.Value));

    public int Count => _chosen.Count;

    public void Choose(List<(string Key, double Value)> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _chosen.Clear();
        foreach (var (key, value) in fields)
        {
            var (metric, rank) = FieldNames.Classify(key);
            int at = _chosen.FindIndex(c => c.Metric == metric);
            if (at < 0)
            {
                _chosen.Add((key, metric, rank, value));
                continue;
            }
            var other = _chosen[at];
            if (other.Key == key)
            {
                _chosen[at] = (key, metric, rank, value);
                continue;
            }
            string dropped = key;
            if (rank < other.Rank)
            {
                _chosen[at] = (key, metric, rank, value);
                dropped = other.Key;
            }
            if (!_passedOver.TryGetValue(metric, out var seen))
            {
                _passedOver[metric] = seen = ([], []);
            }
            seen.Used.Add(_chosen[at].Key);
            seen.Ignored.Add(dropped);
        }
    }

    /// <summary>"loss read from 'loss'; 'train/loss' on the same lines ignored" for each metric that had a choice.</summary>
    public void DescribeTo(List<Finding> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        foreach (var (metric, (used, ignored)) in _passedOver.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var dropped = ignored.Except(used).ToArray();
            if (dropped.Length > 0)
            {
                notes.Add(Finding.Info("read.key-ignored", $"{metric} read from {Quoted(used)}; {Quoted(dropped)} on the same lines ignored (one key per metric, by priority)"));
            }
        }
    }

    private static string Quoted(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"'{k}'"));
}
