using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// modded-nanogpt (the speedrun records) and its forks:
/// <code>
/// step:1000/1750 val_loss:3.2807 train_time:123456ms step_avg:123.45ms
/// step:1001/1750 train_loss:3.1 train_time:123580ms step_avg:123.46ms
/// </code>
/// The train loss is the loss, the val loss its own metric. train_time is cumulative training time (eval
/// excluded): the step time is its difference between consecutive logged steps divided by the steps between
/// them; a line with step_avg and no train_time gives step_avg (a running mean). The run line says which.
/// The step is followed by "/total", which tells these lines from torchtitan's "step:  2  loss: ...".
/// </summary>
public sealed class ModdedNanoGptFormat : ILogFormat
{
    public static readonly ModdedNanoGptFormat Instance = new();

    public string Name => "modded-nanogpt";

    public LineAnchors Anchors { get; } = new("step:");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private long _previousStep = -1;
        private double _previousTime = double.NaN;
        private long _fromDifferences;
        private long _fromAverages;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            int at = anchorAt >= 0 ? anchorAt : line.IndexOf("step:"u8);
            if (at < 0 || (at > 0 && line[at - 1] is not ((byte)' ' or (byte)']' or (byte)':' or (byte)'\t')))
            {
                return false;
            }
            var rest = line[(at + 5)..];
            if (!Utf8Number.TryParseInt64(rest, out long step, out int used) || used >= rest.Length || rest[used] != (byte)'/')
            {
                return false;
            }
            rest = rest[(used + 1)..];
            if (!Utf8Number.TryParseInt64(rest, out _, out used) || used >= rest.Length || rest[used] != (byte)' ')
            {
                return false;
            }
            rest = rest[used..];
            bool any = false;
            if (LineFields.TryNumberAfterWord(rest, "train_loss:"u8, out double loss))
            {
                _loss.Add(step, loss, where);
                any = true;
            }
            if (LineFields.TryNumberAfterWord(rest, "val_loss:"u8, out double val))
            {
                output.Column(Metrics.ValLoss).Add(step, val, where);
                any = true;
            }
            if (LineFields.TryNumberAfter(rest, " train_time:"u8, out double total, out var unit) && unit.StartsWith("ms"u8))
            {
                any = true;
                if (step > _previousStep && _previousStep >= 0 && total >= _previousTime)
                {
                    output.Column(Metrics.StepTimeMs).Add(step, (total - _previousTime) / (step - _previousStep), where);
                    _fromDifferences++;
                }
                if (step != _previousStep)
                {
                    _previousStep = step;
                    _previousTime = total;
                }
            }
            else if (LineFields.TryNumberAfter(rest, " step_avg:"u8, out double average, out unit) && unit.StartsWith("ms"u8))
            {
                any = true;
                if (double.IsFinite(average))
                {
                    output.Column(Metrics.StepTimeMs).Add(step, average, where);
                    _fromAverages++;
                }
            }
            return any;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            if (_fromDifferences > 0)
            {
                notes.Add(Finding.Info("read.step-time-derived", "modded-nanogpt: step times are differences of train_time between logged steps, divided by the steps between them"
                    + (_fromAverages > 0 ? $" ({_fromAverages} from step_avg, a running mean, where train_time was missing)" : "")));
            }
            else if (_fromAverages > 0)
            {
                notes.Add(Finding.Warning("read.step-time-average", "modded-nanogpt: step times are step_avg, the running mean since the start (no train_time)"));
            }
        }
    }
}
