using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// llama2.c's train.py, its iteration lines and nanoGPT's evaluation lines:
/// <code>
/// 100 | loss 4.1234 | lr 5.000000e-04 | 123.45ms | mfu 12.34%
/// step 2000: train loss 1.2345, val loss 1.3456
/// </code>
/// The evaluation lines become eval_train_loss and val_loss (nanoGPT reads them too, but only this format reads
/// the iteration lines, so a llama2.c log is detected as llama2.c). The mfu is -100.00% until llama2.c has an
/// estimate; that is not a measurement and is left out.
/// </summary>
public sealed class Llama2cFormat : ILogFormat
{
    public static readonly Llama2cFormat Instance = new();

    public string Name => "llama2c";

    public LineAnchors Anchors { get; } = new(" | loss ", "step ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            int at = line.IndexOf(" | loss "u8);
            if (at <= 0)
            {
                return NanoGptFormat.TryEvaluation(line, output, where);
            }
            // the iteration number right before " | loss ", at the line's start or after a space (a prefix)
            int start = at;
            while (start > 0 && (uint)(line[start - 1] - '0') <= 9)
            {
                start--;
            }
            // fairseq's epoch summaries ("| epoch 001 | loss 9.1 | ...") have the same shape: their number is an epoch
            if (start == at || (start > 0 && line[start - 1] != (byte)' ') || line[..start].EndsWith("epoch "u8)
                || !Utf8Number.TryParseInt64(line[start..at], out long iter, out _)
                || !LineFields.TryNumberAfter(line[at..], " | loss "u8, out double loss, out var rest))
            {
                return false;
            }
            _loss.Add(iter, loss, where);
            if (LineFields.TryNumberAfter(rest, "| lr "u8, out double lr, out var afterLr))
            {
                output.Column(Metrics.LearningRate).Add(iter, lr, where);
                rest = afterLr;
            }
            if (LineFields.TryNumberAfter(rest, "| "u8, out double ms, out var afterTime) && afterTime.StartsWith("ms"u8))
            {
                output.Column(Metrics.StepTimeMs).Add(iter, ms, where);
            }
            if (LineFields.TryNumberAfter(rest, "| mfu "u8, out double mfu) && mfu >= 0)
            {
                output.Column(Metrics.MfuPercent).Add(iter, mfu, where);
            }
            return true;
        }
    }
}
