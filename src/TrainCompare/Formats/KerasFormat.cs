using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// Keras <c>model.fit</c> on stdout, Keras 2 and 3, verbose 1 (progress bar) and 2 (one line an epoch):
/// <code>
/// Epoch 3/10
/// 1875/1875 [==============================] - 5s 3ms/step - loss: 0.2975 - accuracy: 0.9117 - val_loss: 0.1 - val_accuracy: 0.97
/// 1875/1875 ━━━━━━━━━━━━━━━━━━━━ 5s 3ms/step - accuracy: 0.9117 - loss: 0.2975
/// 1875/1875 - 5s - loss: 0.2975 - accuracy: 0.9117 - 5s/epoch - 3ms/step
/// </code>
/// The bar is redrawn with CR (a line of its own to the scanner) or erased with backspaces (the text after
/// the last one is what the terminal shows). The x axis is the epoch: one point an epoch, from its first
/// complete bar line (current = total, with a time per step; the ETA redraws have none). The step time is
/// the mean Keras prints (<c>3ms/step</c>), one an epoch; the run line says so.
/// </summary>
public sealed class KerasFormat : ILogFormat
{
    public static readonly KerasFormat Instance = new();

    public string Name => "keras";

    public LineAnchors Anchors { get; } = new("Epoch ", "/step");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private long _epoch = -1;
        private bool _recorded; // this epoch has its point
        private long _points;

        public override bool ParseLine(ReadOnlySpan<byte> raw, int anchorAt, LineRef where)
        {
            int erased = raw.LastIndexOf((byte)'\b');
            if (erased >= 0)
            {
                raw = raw[(erased + 1)..];
            }
            // Keras 3 sets the counts and the time in bold: "\u001b[1m1875/1875\u001b[0m ━━━━ \u001b[1m5s\u001b[0m 3ms/step"
            Span<byte> buffer = stackalloc byte[Math.Min(raw.Length, 2048)];
            var line = LineFields.StripAnsi(raw, buffer).TrimStart(" \r"u8);
            if (line.StartsWith("Epoch "u8))
            {
                // "Epoch 3/10", nothing after it
                var rest = line[6..];
                if (Utf8Number.TryParseInt64(rest, out long epoch, out int used) && used < rest.Length && rest[used] == (byte)'/'
                    && Utf8Number.TryParseInt64(rest[(used + 1)..], out _, out int total)
                    && rest[(used + 1 + total)..].TrimEnd(" \r"u8).IsEmpty)
                {
                    _epoch = epoch;
                    _recorded = false;
                    return true;
                }
                return false;
            }
            if (_epoch < 0 || _recorded || !IsCompleteBar(line, out var fields) || !TryStepTime(fields, out double ms))
            {
                return false;
            }
            _recorded = true;
            _points++;
            output.Column(Metrics.StepTimeMs).Add(_epoch, ms, where);
            // " - name: value" pairs
            var text = fields;
            while (true)
            {
                int dash = text.IndexOf(" - "u8);
                if (dash < 0)
                {
                    break;
                }
                text = text[(dash + 3)..];
                int colon = text.IndexOf(": "u8);
                if (colon <= 0 || text[..colon].IndexOfAny(" -"u8) >= 0)
                {
                    continue;
                }
                var name = text[..colon];
                if (!Utf8Number.TryParseDouble(text[(colon + 2)..], out double value, out _))
                {
                    continue;
                }
                if (name.SequenceEqual("loss"u8))
                {
                    _loss.Add(_epoch, value, where);
                }
                else
                {
                    string metric = name.SequenceEqual("val_loss"u8) ? Metrics.ValLoss
                        : name.SequenceEqual("lr"u8) || name.SequenceEqual("learning_rate"u8) ? Metrics.LearningRate
                        : System.Text.Encoding.UTF8.GetString(name);
                    output.Column(metric).Add(_epoch, value, where);
                }
            }
            return true;
        }

        /// <summary>"N/N" at the start of the line, current equal to total; what follows it.</summary>
        private static bool IsCompleteBar(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> rest)
        {
            rest = default;
            if (!Utf8Number.TryParseInt64(line, out long current, out int used) || used >= line.Length || line[used] != (byte)'/')
            {
                return false;
            }
            var after = line[(used + 1)..];
            if (!Utf8Number.TryParseInt64(after, out long total, out int totalUsed) || current != total
                || totalUsed >= after.Length || after[totalUsed] != (byte)' ')
            {
                return false;
            }
            rest = after[totalUsed..];
            return true;
        }

        /// <summary>The number before "/step" and its unit: "3ms/step", "3s/step", "300us/step".</summary>
        private static bool TryStepTime(ReadOnlySpan<byte> text, out double ms)
        {
            ms = 0;
            int at = text.IndexOf("/step"u8);
            if (at < 0)
            {
                return false;
            }
            var before = text[..at];
            double scale;
            if (before.EndsWith("ms"u8))
            {
                scale = 1;
                before = before[..^2];
            }
            else if (before.EndsWith("us"u8) || before.EndsWith("µs"u8))
            {
                scale = -1000; // divided by: 830us is 0.83 ms exactly as printed
                before = before[..^(before.EndsWith("us"u8) ? 2 : "µs"u8.Length)];
            }
            else if (before.EndsWith("s"u8))
            {
                scale = 1000;
                before = before[..^1];
            }
            else
            {
                return false;
            }
            int start = before.LastIndexOf((byte)' ') + 1;
            if (!Utf8Number.TryParseDouble(before[start..], out double value, out int used) || used != before.Length - start)
            {
                return false;
            }
            ms = scale < 0 ? value / -scale : value * scale;
            return true;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            if (_points > 0)
            {
                notes.Add(Finding.Info("read.epoch-axis", "keras: the x axis is the epoch (one point an epoch, from its final progress-bar line); step times are the mean Keras prints for each epoch (\"3ms/step\", whole milliseconds)"));
            }
        }
    }
}
