using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// The training loop of Sebastian Raschka's "Build a Large Language Model (From Scratch)" (LLMs-from-scratch),
/// which prints at each evaluation:
/// <code>
/// Ep 1 (Step 000000): Train loss 9.817, Val loss 9.924
/// </code>
/// It prints no time, and the run line says so.
/// </summary>
public sealed class LlmsFromScratchFormat : ILogFormat
{
    public static readonly LlmsFromScratchFormat Instance = new();

    public string Name => "llms-from-scratch";

    public LineAnchors Anchors { get; } = new("(Step ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private long _lines;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (!LineFields.TryIntegerAfter(line, "(Step "u8, out long step, out var rest) || !rest.StartsWith("): Train loss "u8)
                || !LineFields.TryNumberAfter(rest, "): Train loss "u8, out double train, out rest))
            {
                return false;
            }
            _loss.Add(step, train, where);
            if (rest.StartsWith(", Val loss "u8) && LineFields.TryNumberAfter(rest, ", Val loss "u8, out double val))
            {
                output.Column(Metrics.ValLoss).Add(step, val, where);
            }
            _lines++;
            return true;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            if (_lines > 0)
            {
                notes.Add(Finding.Warning("read.no-step-time", "LLMs-from-scratch prints no time: no step-time statistics for this run"));
            }
        }
    }
}
