using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// fairseq-train's progress lines, in its default text form and with <c>--log-format json</c> (values as
/// strings), with or without the logger's prefix (<c>2026-01-01 00:00:00 | INFO | train_inner | </c>):
/// <code>
/// | epoch 001:    100 / 1000 loss=9.87, nll_loss=9.1, ppl=550.3, wps=12345, ups=2.5, wpb=4096, bsz=64, num_updates=100, lr=0.0005, gnorm=1.2, train_wall=40, wall=45
/// {"epoch": 1, "update": 0.1, "loss": "9.87", "nll_loss": "9.1", "ppl": "550.3", "wps": "12345", "ups": "2.5", "num_updates": "100", "lr": "0.0005", "gnorm": "1.2", "train_wall": "40", "wall": "45"}
/// | epoch 001 | valid on 'valid' subset | loss 9.1 | nll_loss 8.9 | ppl 477 | num_updates 1000
/// {"epoch": 1, "valid_loss": "9.1", "valid_nll_loss": "8.9", "valid_ppl": "477", "valid_num_updates": "1000"}
/// </code>
/// The x axis is num_updates. The step time is 1000 / ups (updates per second over each log interval); the
/// run line says so. wps (target tokens per second) is read as tokens/s. Epoch summaries
/// (<c>train_loss</c>, <c>| epoch 001 | loss ...</c>) are averages over an epoch and are not read.
/// </summary>
public sealed class FairseqFormat : ILogFormat
{
    public static readonly FairseqFormat Instance = new();

    public string Name => "fairseq";

    public LineAnchors Anchors { get; } = new("num_updates");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private long _times;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            int json = line.IndexOf("{\"epoch\": "u8);
            if (json >= 0)
            {
                var fields = line[json..];
                if (TryStep(fields, "\"num_updates\":"u8, out long step) && LineFields.TryNumberAfterWord(fields, "\"loss\":"u8, out double loss))
                {
                    Inner(fields, step, loss, Json, where);
                    return true;
                }
                if (TryStep(fields, "\"valid_num_updates\":"u8, out step) && LineFields.TryNumberAfterWord(fields, "\"valid_loss\":"u8, out double val))
                {
                    output.Column(Metrics.ValLoss).Add(step, val, where);
                    return true;
                }
                return false;
            }
            int epoch = line.IndexOf("epoch "u8);
            if (epoch < 0 || !Utf8Number.TryParseInt64(line[(epoch + 6)..], out _, out int used))
            {
                return false;
            }
            var rest = line[(epoch + 6 + used)..];
            if (rest.StartsWith(":"u8))
            {
                if (TryStep(rest, "num_updates="u8, out long step) && LineFields.TryNumberAfterWord(rest, "loss="u8, out double loss))
                {
                    Inner(rest, step, loss, Text, where);
                    return true;
                }
            }
            else if (rest.StartsWith(" | valid on "u8) && TryStep(rest, "| num_updates "u8, out long step)
                && LineFields.TryNumberAfterWord(rest, "| loss "u8, out double val))
            {
                output.Column(Metrics.ValLoss).Add(step, val, where);
                return true;
            }
            return false;
        }

        private static readonly Keys Json = new("\"ups\":", "\"wps\":", "\"lr\":", "\"gnorm\":", "\"nll_loss\":", "\"ppl\":", "\"wpb\":", "\"bsz\":");
        private static readonly Keys Text = new("ups=", "wps=", "lr=", "gnorm=", "nll_loss=", "ppl=", "wpb=", "bsz=");

        private void Inner(ReadOnlySpan<byte> fields, long step, double loss, Keys keys, LineRef where)
        {
            _loss.Add(step, loss, where);
            if (LineFields.TryNumberAfterWord(fields, keys.Ups, out double ups) && ups > 0 && double.IsFinite(ups))
            {
                output.Column(Metrics.StepTimeMs).Add(step, 1000 / ups, where);
                _times++;
            }
            if (LineFields.TryNumberAfterWord(fields, keys.Wps, out double wps))
            {
                output.Column(Metrics.TokensPerSecond).Add(step, wps, where);
            }
            if (LineFields.TryNumberAfterWord(fields, keys.Lr, out double lr))
            {
                output.Column(Metrics.LearningRate).Add(step, lr, where);
            }
            if (LineFields.TryNumberAfterWord(fields, keys.Gnorm, out double gnorm))
            {
                output.Column(Metrics.GradNorm).Add(step, gnorm, where);
            }
            for (int i = 0; i < keys.Others.Length; i++)
            {
                if (LineFields.TryNumberAfterWord(fields, keys.Others[i], out double value))
                {
                    output.Column(OtherMetrics[i]).Add(step, value, where);
                }
            }
        }

        private static readonly string[] OtherMetrics = ["nll_loss", "ppl", "wpb", "bsz"];

        /// <summary>The whole number after <paramref name="key"/> (quoted or not).</summary>
        private static bool TryStep(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out long step)
        {
            step = 0;
            if (!LineFields.TryNumberAfterWord(line, key, out double value) || value < 0 || value > 1e15 || value != Math.Floor(value))
            {
                return false;
            }
            step = (long)value;
            return true;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            if (_times > 0)
            {
                notes.Add(Finding.Warning("read.step-time-average", "fairseq: the x axis is num_updates; step times are 1000 / ups (updates per second over each log interval)"));
            }
        }
    }

    private sealed class Keys(string ups, string wps, string lr, string gnorm, params string[] others)
    {
        public byte[] Ups { get; } = System.Text.Encoding.UTF8.GetBytes(ups);
        public byte[] Wps { get; } = System.Text.Encoding.UTF8.GetBytes(wps);
        public byte[] Lr { get; } = System.Text.Encoding.UTF8.GetBytes(lr);
        public byte[] Gnorm { get; } = System.Text.Encoding.UTF8.GetBytes(gnorm);
        public byte[][] Others { get; } = others.Select(o => System.Text.Encoding.UTF8.GetBytes(o)).ToArray();
    }
}
