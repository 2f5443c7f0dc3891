using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// Megatron-LM's training log:
/// <code>
///  [2026-01-01 00:00:00] iteration        2/    5000 | consumed samples:         1024 | elapsed time per iteration (ms): 700.2 | learning rate: 3.000E-04 | global batch size:   512 | lm loss: 5.746782E+00 | loss scale: 1.0 | grad norm: 1.234 | number of skipped iterations:   0 | number of nan iterations:   0 |
/// </code>
/// </summary>
public sealed class MegatronFormat : ILogFormat
{
    public static readonly MegatronFormat Instance = new();

    public string Name => "megatron";

    public LineAnchors Anchors { get; } = new("iteration ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (!LineFields.TryIntegerAfter(line, "iteration "u8, out long step, out var rest) || !rest.TrimStart(" "u8).StartsWith("/"u8))
            {
                return false;
            }
            bool any = false;
            if (LineFields.TryNumberAfter(rest, "| lm loss: "u8, out double loss))
            {
                _loss.Add(step, loss, where);
                any = true;
            }
            if (LineFields.TryNumberAfter(rest, "elapsed time per iteration (ms): "u8, out double ms))
            {
                output.Column(Metrics.StepTimeMs).Add(step, ms, where);
                any = true;
            }
            if (LineFields.TryNumberAfter(rest, "| learning rate: "u8, out double lr))
            {
                output.Column(Metrics.LearningRate).Add(step, lr, where);
            }
            if (LineFields.TryNumberAfter(rest, "| grad norm: "u8, out double norm))
            {
                output.Column(Metrics.GradNorm).Add(step, norm, where);
            }
            if (LineFields.TryNumberAfter(rest, "| throughput per GPU (TFLOP/s/GPU): "u8, out double tflops))
            {
                output.Column(Metrics.Tflops).Add(step, tflops, where);
            }
            return any;
        }
    }
}
