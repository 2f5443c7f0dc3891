using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// torchtune's recipes: the tqdm bar's description <c>EPOCH|STEP|Loss: X</c>, redrawn with carriage returns, and
/// the lines of its metric loggers (StdoutLogger, DiskLogger):
/// <code>
/// 1|100|Loss: 2.3412: 100%|██████████| 100/100 [01:23&lt;00:00,  1.20it/s]
/// Step 100 | loss:2.3412 lr:2e-05 tokens_per_second_per_gpu:1234.5 peak_memory_active:12.3
/// </code>
/// The step is torchtune's global step. The bar's rate gives the step time, 1000 / it/s ms (tqdm's moving
/// average), and the run line says so. In the logger lines <c>loss</c>, <c>lr</c> and <c>grad_norm</c> are read
/// as such, other numbers under their names. The first value of a metric at a step is kept (the bar redraws a step, and
/// the logger's line repeats the bar's loss).
/// </summary>
public sealed class TorchtuneFormat : ILogFormat
{
    public static readonly TorchtuneFormat Instance = new();

    public string Name => "torchtune";

    public LineAnchors Anchors { get; } = new("|Loss: ", "Step ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private bool _sawRate;

        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            int at = line.IndexOf("|Loss: "u8);
            return at > 0 ? Bar(line, at, where) : Logger(line, where);
        }

        private bool Bar(ReadOnlySpan<byte> line, int at, LineRef where)
        {
            // EPOCH|STEP right before "|Loss: ", at the line's start (a carriage return ends the redraw before it)
            int stepStart = at;
            while (stepStart > 0 && (uint)(line[stepStart - 1] - '0') <= 9)
            {
                stepStart--;
            }
            int epochStart = stepStart - 1;
            while (epochStart > 0 && (uint)(line[epochStart - 1] - '0') <= 9)
            {
                epochStart--;
            }
            if (stepStart == at || stepStart < 2 || line[stepStart - 1] != (byte)'|' || epochStart == stepStart - 1
                || line[..epochStart].IndexOfAnyExcept(" "u8) >= 0
                || !Utf8Number.TryParseInt64(line[stepStart..at], out long step, out _)
                || !LineFields.TryNumberAfter(line[at..], "|Loss: "u8, out double loss, out var rest))
            {
                return false;
            }
            _loss.AddFirst(step, loss, where);
            int open = rest.IndexOf(" ["u8);
            int close = open < 0 ? -1 : rest[open..].IndexOf((byte)']');
            if (close > 0 && LineFields.TryTqdmMsPerIteration(rest[(open + 2)..(open + close)], out double ms))
            {
                output.Column(Metrics.StepTimeMs).AddFirst(step, ms, where);
                _sawRate = true;
            }
            return true;
        }

        private bool Logger(ReadOnlySpan<byte> line, LineRef where)
        {
            if (!LineFields.TryIntegerAfter(line, "Step "u8, out long step, out var rest) || !rest.StartsWith(" | "u8))
            {
                return false;
            }
            bool any = false;
            foreach (var range in rest[3..].Split((byte)' '))
            {
                var pair = rest[3..][range];
                int colon = pair.IndexOf((byte)':');
                if (colon <= 0 || !Utf8Number.TryParseDouble(pair[(colon + 1)..], out double value, out int used) || used != pair.Length - colon - 1)
                {
                    continue;
                }
                var name = pair[..colon];
                if (!LineFields.IsPlainName(name))
                {
                    continue;
                }
                any = true;
                output.Column(name, BuiltIn).AddFirst(step, value, where);
            }
            return any;
        }

        private static readonly (byte[] Name, string Metric)[] BuiltIn =
            [("loss"u8.ToArray(), Metrics.Loss), ("lr"u8.ToArray(), Metrics.LearningRate), ("grad_norm"u8.ToArray(), Metrics.GradNorm)];

        public override void DescribeTo(List<Finding> notes)
        {
            if (_sawRate)
            {
                notes.Add(LineFields.TqdmRateNote("torchtune"));
            }
        }
    }
}
