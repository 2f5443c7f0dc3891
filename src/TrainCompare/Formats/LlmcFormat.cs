using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// llm.c (train_gpt2.cu and train_gpt2.c), both step-line forms, and its validation lines:
/// <code>
/// step    2/74 | loss 5.741032 (+0.00z)| norm 1.0939 (+0.00z)| lr 6.00e-04 | 703.17 ms | 40.0% bf16 MFU | 745604 tok/s
/// step    2/74: train loss 5.741032 (703.170000 ms, 745604 tok/s)
/// val loss 5.123456
/// </code>
/// A val loss line belongs to the step printed before it.
/// </summary>
public sealed class LlmcFormat : ILogFormat
{
    public static readonly LlmcFormat Instance = new();

    public string Name => "llmc";

    public LineAnchors Anchors { get; } = new("step ", "val loss ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private long _lastStep = -1;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            int at = line.IndexOf("step "u8);
            if (at >= 0 && Utf8Number.TryParseInt64(line[(at + 5)..], out long step, out int used))
            {
                var rest = line[(at + 5 + used)..];
                if (rest.StartsWith("/"u8))
                {
                    int end = rest.IndexOfAny(" :|"u8);
                    rest = end < 0 ? default : rest[end..];
                }
                if (LineFields.TryNumberAfter(rest, "| loss "u8, out double loss, out var after)
                    || LineFields.TryNumberAfter(rest, ": train loss "u8, out loss, out after))
                {
                    _loss.Add(step, loss, where);
                    _lastStep = step;
                    ReadExtras(step, after, where);
                    return true;
                }
            }
            if (_lastStep >= 0 && LineFields.TryNumberAfter(line, "val loss "u8, out double val))
            {
                output.Column(Metrics.ValLoss).Add(_lastStep, val, where);
                return true;
            }
            return false;
        }

        private void ReadExtras(long step, ReadOnlySpan<byte> rest, LineRef where)
        {
            if (LineFields.TryNumberAfter(rest, "| norm "u8, out double norm))
            {
                output.Column(Metrics.GradNorm).Add(step, norm, where);
            }
            if (LineFields.TryNumberAfter(rest, "| lr "u8, out double lr))
            {
                output.Column(Metrics.LearningRate).Add(step, lr, where);
            }
            // the time: a number followed by " ms" ("| 703.17 ms" or "(703.170000 ms")
            int ms = rest.IndexOf(" ms"u8);
            if (ms > 0)
            {
                int start = rest[..ms].LastIndexOfAny("|( "u8) + 1;
                if (start > 0 && Utf8Number.TryParseDouble(rest[start..ms], out double time, out int used) && used == ms - start)
                {
                    output.Column(Metrics.StepTimeMs).Add(step, time, where);
                }
            }
            int tok = rest.IndexOf(" tok/s"u8);
            if (tok > 0)
            {
                int start = rest[..tok].LastIndexOfAny("|,( "u8) + 1;
                if (Utf8Number.TryParseDouble(rest[start..tok], out double tps, out int used) && used == tok - start)
                {
                    output.Column(Metrics.TokensPerSecond).Add(step, tps, where);
                }
            }
            int mfu = rest.IndexOf("% "u8);
            if (mfu > 0 && rest[mfu..].IndexOf("MFU"u8) >= 0)
            {
                int start = rest[..mfu].LastIndexOfAny("| "u8) + 1;
                if (Utf8Number.TryParseDouble(rest[start..mfu], out double pct, out int used) && used == mfu - start && pct >= 0)
                {
                    output.Column(Metrics.MfuPercent).Add(step, pct, where);
                }
            }
        }
    }
}
