using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// LitGPT's finetuning and pretraining lines:
/// <code>
/// Epoch 1 | iter 100 step 25 | loss train: 2.345, val: n/a | iter time: 123.45 ms (step)
/// </code>
/// Values are keyed by the optimizer step. With gradient accumulation several iterations print the same step;
/// the first of them, the one that ends with "(step)" (the optimizer step just taken), is kept and the others are
/// skipped. <c>val: n/a</c> is no value. The iteration time is read as the step time; when an optimizer step
/// spans several iterations the run line says so.
/// </summary>
public sealed class LitGptFormat : ILogFormat
{
    public static readonly LitGptFormat Instance = new();

    public string Name => "litgpt";

    public LineAnchors Anchors { get; } = new("| iter ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private long _lastStep = long.MinValue;
        private bool _accumulates;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (!LineFields.TryIntegerAfter(line, "| iter "u8, out long iter, out var rest) || !rest.StartsWith(" step "u8)
                || !LineFields.TryIntegerAfter(rest, " step "u8, out long step, out rest)
                || !LineFields.TryNumberAfter(rest, "| loss train: "u8, out double loss, out rest))
            {
                return false;
            }
            if (step == _lastStep)
            {
                _accumulates = true; // a further micro-batch of the same optimizer step
                return true;
            }
            _lastStep = step;
            _accumulates |= iter != step;
            _loss.Add(step, loss, where);
            if (rest.StartsWith(", val: "u8) && LineFields.TryNumberAfter(rest, ", val: "u8, out double val))
            {
                output.Column(Metrics.ValLoss).Add(step, val, where);
            }
            if (LineFields.TryNumberAfter(rest, "| iter time: "u8, out double ms, out var unit) && unit.StartsWith(" ms"u8))
            {
                output.Column(Metrics.StepTimeMs).Add(step, ms, where);
            }
            return true;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            if (_accumulates && output.Columns.TryGetValue(Metrics.StepTimeMs, out var times) && times.Count > 0)
            {
                notes.Add(Finding.Warning("read.step-time-micro-batch", "litgpt: the step time is LitGPT's iter time, one micro-batch of an optimizer step that accumulates several"));
            }
        }
    }
}
