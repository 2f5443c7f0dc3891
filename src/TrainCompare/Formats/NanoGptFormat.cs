using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// nanoGPT's train.py:
/// <code>
/// iter 10: loss 3.2202, time 893.76ms, mfu 16.68%
/// step 250: train loss 1.5440, val loss 1.7220
/// </code>
/// The evaluation lines become eval_train_loss and val_loss. nanoGPT prints mfu -100.00% until it has an
/// estimate; that is not a measurement and is left out.
/// </summary>
public sealed class NanoGptFormat : ILogFormat
{
    public static readonly NanoGptFormat Instance = new();

    public string Name => "nanogpt";

    public LineAnchors Anchors { get; } = new("iter ", "step ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (LineFields.TryIntegerAfter(line, "iter "u8, out long iter, out var rest) && rest.StartsWith(": loss "u8)
                && LineFields.TryNumberAfter(rest, ": loss "u8, out double loss, out rest))
            {
                _loss.Add(iter, loss, where);
                if (LineFields.TryNumberAfter(rest, ", time "u8, out double ms, out var afterTime) && afterTime.StartsWith("ms"u8))
                {
                    output.Column(Metrics.StepTimeMs).Add(iter, ms, where);
                }
                if (LineFields.TryNumberAfter(rest, ", mfu "u8, out double mfu) && mfu >= 0)
                {
                    output.Column(Metrics.MfuPercent).Add(iter, mfu, where);
                }
                return true;
            }
            return TryEvaluation(line, output, where);
        }
    }

    /// <summary>
    /// The evaluation line nanoGPT prints, and llama2.c after it: <c>step 250: train loss 1.9702, val loss 2.0669</c>,
    /// as eval_train_loss and val_loss.
    /// </summary>
    internal static bool TryEvaluation(ReadOnlySpan<byte> line, ParsedLog output, LineRef where)
    {
        if (LineFields.TryIntegerAfter(line, "step "u8, out long step, out var rest) && rest.StartsWith(": train loss "u8)
            && LineFields.TryNumberAfter(rest, ": train loss "u8, out double train, out rest)
            && LineFields.TryNumberAfter(rest, ", val loss "u8, out double val))
        {
            output.Column(Metrics.EvalTrainLoss).Add(step, train, where);
            output.Column(Metrics.ValLoss).Add(step, val, where);
            return true;
        }
        return false;
    }
}
