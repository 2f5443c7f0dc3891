using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// mlx-lm's LoRA / fine-tuning trainer (and mlx-examples' lora.py before it):
/// <code>
/// Iter 10: Train loss 2.345, Learning Rate 1.000e-05, It/sec 1.234, Tokens/sec 812.3, Trained Tokens 8123, Peak mem 12.3 GB
/// Iter 200: Val loss 2.100, Val took 3.200s
/// </code>
/// It/sec is the mean over the steps since the previous report: the step time is 1000 / It/sec for each
/// reported interval, and the run line says so. Peak memory is in GB (10^9 bytes), as mlx prints it.
/// </summary>
public sealed class MlxLmFormat : ILogFormat
{
    public static readonly MlxLmFormat Instance = new();

    public string Name => "mlx-lm";

    public LineAnchors Anchors { get; } = new("Iter ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private long _times;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (!LineFields.TryIntegerAfter(line, "Iter "u8, out long step, out var rest) || !rest.StartsWith(": "u8))
            {
                return false;
            }
            if (rest.StartsWith(": Train loss "u8) && LineFields.TryNumberAfter(rest, ": Train loss "u8, out double loss))
            {
                _loss.Add(step, loss, where);
                if (LineFields.TryNumberAfter(rest, ", Learning Rate "u8, out double lr))
                {
                    output.Column(Metrics.LearningRate).Add(step, lr, where);
                }
                if (LineFields.TryNumberAfter(rest, ", It/sec "u8, out double rate) && rate > 0 && double.IsFinite(rate))
                {
                    output.Column(Metrics.StepTimeMs).Add(step, 1000 / rate, where);
                    _times++;
                }
                if (LineFields.TryNumberAfter(rest, ", Tokens/sec "u8, out double tokens))
                {
                    output.Column(Metrics.TokensPerSecond).Add(step, tokens, where);
                }
                if (LineFields.TryNumberAfter(rest, ", Peak mem "u8, out double gb, out var unit) && unit.StartsWith(" GB"u8))
                {
                    output.Column("peak_mem_gb").Add(step, gb, where);
                }
                return true;
            }
            if (rest.StartsWith(": Val loss "u8) && LineFields.TryNumberAfter(rest, ": Val loss "u8, out double val))
            {
                output.Column(Metrics.ValLoss).Add(step, val, where);
                return true;
            }
            return false;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            if (_times > 0)
            {
                notes.Add(Finding.Warning("read.step-time-average", "mlx-lm: step times are 1000 / It/sec, the mean over each reported interval"));
            }
        }
    }
}
