using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// OLMo's trainer, which logs each step's metrics as a header line and one indented line a metric:
/// <code>
/// 2024-02-01 12:00:00.000 node0:0 olmo.train:816 INFO [step=100/739328]
///     train/CrossEntropyLoss=2.345
///     throughput/device/tokens_per_second=9,823
///     throughput/device/batches_per_second=0.5123
/// </code>
/// Large values carry thousands separators. <c>train/CrossEntropyLoss</c> is the loss; the step time is
/// 1000 / <c>throughput/device/batches_per_second</c> ms, and the run line says so;
/// <c>throughput/device/tokens_per_second</c> is tokens/s, <c>optim/total_grad_norm</c> the grad norm,
/// <c>optim/learning_rate_group0</c> the lr; other metrics are kept under their names. An indented line belongs
/// to the step header before it, until a line that is not indented.
/// </summary>
public sealed class OlmoFormat : ILogFormat
{
    public static readonly OlmoFormat Instance = new();

    public string Name => "olmo";

    /// <summary>None: a line that is not indented ends a step's block, so the parser sees every line.</summary>
    public LineAnchors? Anchors => null;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private long _step = -1; // the step whose block this is; -1 outside a block
        private bool _sawRate;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (!line.StartsWith("    "u8))
            {
                _step = -1;
                int at = line.IndexOf("[step="u8);
                if (at < 0 || !LineFields.TryIntegerAfter(line[at..], "[step="u8, out long step, out var rest)
                    || !(rest.StartsWith("/"u8) || rest.StartsWith("]"u8)))
                {
                    return false;
                }
                _step = step;
                return true;
            }
            if (_step < 0)
            {
                return false;
            }
            var pair = line.Trim(" \t"u8);
            int eq = pair.IndexOf((byte)'=');
            if (eq <= 0 || !LineFields.TryGrouped(pair[(eq + 1)..], out double value))
            {
                return false;
            }
            var name = pair[..eq];
            if (name.SequenceEqual("train/CrossEntropyLoss"u8))
            {
                _loss.Add(_step, value, where);
            }
            else if (name.SequenceEqual("throughput/device/batches_per_second"u8))
            {
                if (value > 0 && double.IsFinite(value))
                {
                    output.Column(Metrics.StepTimeMs).Add(_step, 1000 / value, where);
                    _sawRate = true;
                }
            }
            else if (LineFields.IsPlainName(name))
            {
                output.Column(name, BuiltIn).Add(_step, value, where);
            }
            else
            {
                return false;
            }
            return true;
        }

        private static readonly (byte[] Name, string Metric)[] BuiltIn =
            [("throughput/device/tokens_per_second"u8.ToArray(), Metrics.TokensPerSecond), ("optim/total_grad_norm"u8.ToArray(), Metrics.GradNorm),
                ("optim/learning_rate_group0"u8.ToArray(), Metrics.LearningRate)];

        public override void DescribeTo(List<Finding> notes)
        {
            if (_sawRate)
            {
                notes.Add(Finding.Info("read.step-time-derived", "olmo: step times are 1000 / throughput/device/batches_per_second"));
            }
        }
    }
}
