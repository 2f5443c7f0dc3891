using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// PyTorch Lightning's progress bar on stdout (TQDMProgressBar), redrawn with carriage returns:
/// <code>
/// Epoch 0:  45%|████▌     | 450/1000 [00:30&lt;00:37, 14.8it/s, v_num=0, train_loss=2.31]
/// </code>
/// The step is the global batch index, epoch × batches per epoch + batch. The step time is the bar's rate,
/// 1000 / it/s ms (or s/it × 1000), tqdm's moving average rather than a measurement of each step, and the run
/// line says so. The postfix's <c>train_loss</c> (or <c>loss</c>, <c>train_loss_step</c>) is the loss,
/// <c>val_loss</c> the validation loss, other numbers are kept under their names; <c>v_num</c> is skipped. A
/// redraw of a batch adds only what that batch did not have yet (the validation loss that appears
/// after validation): the first value of each metric at a step is kept.
/// </summary>
public sealed class LightningFormat : ILogFormat
{
    public static readonly LightningFormat Instance = new();

    public string Name => "lightning";

    public LineAnchors Anchors { get; } = new("Epoch ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private bool _sawRate;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (!LineFields.TryIntegerAfter(line, "Epoch "u8, out long epoch, out var rest) || !rest.StartsWith(": "u8))
            {
                return false;
            }
            int open = rest.IndexOf(" ["u8);
            int close = open < 0 ? -1 : rest[open..].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }
            var counts = rest[..open];
            var bracket = rest[(open + 2)..(open + close)];
            int bar = counts.LastIndexOf((byte)'|');
            int slash = counts.LastIndexOf((byte)'/');
            if (bar < 0 || slash < bar
                || !Utf8Number.TryParseInt64(counts[(bar + 1)..slash], out long batch, out int used) || used != slash - bar - 1
                || !Utf8Number.TryParseInt64(counts[(slash + 1)..], out long total, out used) || used != counts.Length - slash - 1
                || total <= 0 || epoch > (long.MaxValue - batch) / total)
            {
                return false;
            }
            long step = epoch * total + batch;
            if (LineFields.TryTqdmMsPerIteration(bracket, out double ms))
            {
                output.Column(Metrics.StepTimeMs).AddFirst(step, ms, where);
                _sawRate = true;
            }
            // the postfix: ", name=value" pairs after the rate
            int comma = bracket.IndexOf((byte)',');
            var postfix = comma < 0 ? default : bracket[(comma + 1)..];
            comma = postfix.IndexOf((byte)',');
            postfix = comma < 0 ? default : postfix[(comma + 1)..];
            bool lossRead = false;
            while (!postfix.IsEmpty)
            {
                comma = postfix.IndexOf((byte)',');
                var pair = (comma < 0 ? postfix : postfix[..comma]).Trim(" "u8);
                postfix = comma < 0 ? default : postfix[(comma + 1)..];
                int eq = pair.IndexOf((byte)'=');
                if (eq <= 0 || !Utf8Number.TryParseDouble(pair[(eq + 1)..], out double value, out used) || used != pair.Length - eq - 1)
                {
                    continue;
                }
                var name = pair[..eq];
                if (name.SequenceEqual("v_num"u8) || !LineFields.IsPlainName(name))
                {
                    continue;
                }
                var column = output.Column(name, BuiltIn);
                if (column.Metric == Metrics.Loss)
                {
                    if (lossRead)
                    {
                        continue; // train_loss_step and train_loss_epoch, say: the first is the loss
                    }
                    lossRead = true;
                }
                column.AddFirst(step, value, where);
            }
            return true;
        }

        private static readonly (byte[] Name, string Metric)[] BuiltIn =
            [("train_loss"u8.ToArray(), Metrics.Loss), ("loss"u8.ToArray(), Metrics.Loss), ("train_loss_step"u8.ToArray(), Metrics.Loss),
                ("val_loss"u8.ToArray(), Metrics.ValLoss)];

        public override void DescribeTo(List<Finding> notes)
        {
            if (_sawRate)
            {
                notes.Add(LineFields.TqdmRateNote("lightning"));
            }
        }
    }
}
