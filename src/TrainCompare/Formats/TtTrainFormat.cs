using System.Buffers.Binary;
using System.Diagnostics;
using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// tt-train's nano_gpt and train.py logs, in both forms in use:
/// <code>
/// old: Step: 12, Loss: 9.625
///      Full step time 701.557 ms, cache entries: 91        (the time of the step printed before it)
/// new: Step: 12, Loss: 9.625, Time: 701.56 ms, cache entries: 42[, TPS: 6476, TFLOPS: 120.5, MFU: 31.5%]
/// </code>
/// A line may carry any prefix ("[Rank 0] ", a timestamp, a logger name). "dataloader step time" lines are
/// not step times. The last step of the old form often has no time line.
/// </summary>
public sealed class TtTrainFormat : ILogFormat
{
    public static readonly TtTrainFormat Instance = new();

    public string Name => "tt-train";

    public LineAnchors Anchors { get; } = new("Step: ", "Full step time ");

    private static readonly System.Buffers.SearchValues<byte> AnchorFirstBytes = System.Buffers.SearchValues.Create("SF"u8);

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser, ISpecializedLineSink
    {
        public LineLoop CreateLoop() => new LineLoop<Direct>(new Direct(this));

        /// <summary>The scanner calls the parser through this: a direct call it can inline (see <see cref="ISpecializedLineSink"/>).</summary>
        private readonly struct Direct(Parser parser) : ILineSink
        {
            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
            public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where) => parser.ParseLine(line, anchorAt, where);
        }

        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private readonly ObservationColumn _time = output.Column(Metrics.StepTimeMs);
        private ObservationColumn? _tps, _tflops, _mfu;
        private long _lastStep = -1;
        private bool _lastStepHasTime = true;
        private long _orphanTimeLines;
        private long _firstOrphanLine;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public override bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (anchorAt >= 0)
            {
                // the scanner found one of the anchors here, and they differ in their first byte
                Debug.Assert(line[anchorAt..].StartsWith("Step: "u8) || line[anchorAt..].StartsWith("Full step time "u8));
                return line[anchorAt] == (byte)'S'
                    ? ParseStepLine(line, anchorAt + "Step: ".Length, where)
                    : ParseTimeLine(line, anchorAt + "Full step time ".Length, where);
            }
            // Otherwise a vectorized search for the first bytes of both anchors, then a look at each hit.
            int pos = 0;
            while (true)
            {
                int hit = line[pos..].IndexOfAny(AnchorFirstBytes);
                if (hit < 0)
                {
                    return false;
                }
                pos += hit;
                var rest = line[pos..];
                if (rest.StartsWith("Step: "u8))
                {
                    return ParseStepLine(line, pos + "Step: ".Length, where);
                }
                if (rest.StartsWith("Full step time "u8))
                {
                    return ParseTimeLine(line, pos + "Full step time ".Length, where);
                }
                pos++;
            }
        }

        /// <summary>", Loss: " as a little-endian word: the old form's step line is this key between two numbers.</summary>
        private const ulong LossKey = 0x203A73736F4C202CUL;

        /// <param name="i">Where the step number starts (after "Step: ").</param>
        private bool ParseStepLine(ReadOnlySpan<byte> line, int i, LineRef where)
        {
            long step;
            double loss;
            // The usual shape in a few loads: short step, ", Loss: " right after, a short decimal. Anything
            // else takes the general reading below, which gives the same values for this shape.
            if (Utf8Number.TryParseShortInt64(line, i, out step, out int afterStep)
                && afterStep + 8 <= line.Length
                && BinaryPrimitives.ReadUInt64LittleEndian(line[afterStep..]) == LossKey
                && Utf8Number.TryParseShortDecimal(line, afterStep + 8, out loss, out int afterLoss))
            {
                i = afterLoss;
            }
            else
            {
                var rest = line[i..];
                if (!Utf8Number.TryParseInt64(rest, out step, out int used))
                {
                    if (Utf8Number.IsTooLargeInteger(rest) && rest[used..].StartsWith(", Loss: "u8))
                    {
                        output.StepOutOfRange(where);
                    }
                    return false;
                }
                rest = rest[used..];
                if (!TryReadField(ref rest, ", Loss: "u8, out loss))
                {
                    return false;
                }
                i = line.Length - rest.Length;
            }
            _loss.Add(step, loss, where);
            _lastStep = step;
            _lastStepHasTime = false;
            return i == line.Length || ParseNewFormFields(line[i..], step, where); // the old form ends after the loss
        }

        /// <summary>What follows the loss in the new form: the time, then TPS, TFLOPS and MFU if present.</summary>
        private bool ParseNewFormFields(ReadOnlySpan<byte> rest, long step, LineRef where)
        {
            if (TryReadField(ref rest, ", Time: "u8, out double time) && rest.StartsWith(" ms"u8))
            {
                _time.Add(step, time, where);
                _lastStepHasTime = true;
            }
            if (rest.IndexOf(", T"u8) < 0 && rest.IndexOf(", M"u8) < 0)
            {
                return true; // no throughput fields
            }
            if (TryReadField(ref rest, ", TPS: "u8, out double tps))
            {
                (_tps ??= output.Column(Metrics.TokensPerSecond)).Add(step, tps, where);
            }
            if (TryReadField(ref rest, ", TFLOPS: "u8, out double tflops))
            {
                (_tflops ??= output.Column(Metrics.Tflops)).Add(step, tflops, where);
            }
            if (TryReadField(ref rest, ", MFU: "u8, out double mfu))
            {
                (_mfu ??= output.Column(Metrics.MfuPercent)).Add(step, mfu, where);
            }
            return true;
        }

        /// <param name="i">Where the time starts (after "Full step time ").</param>
        private bool ParseTimeLine(ReadOnlySpan<byte> line, int i, LineRef where)
        {
            double time;
            if (Utf8Number.TryParseShortDecimal(line, i, out time, out int end))
            {
                if (!line[end..].StartsWith(" ms"u8))
                {
                    return false;
                }
            }
            else
            {
                var rest = line[i..];
                if (!Utf8Number.TryParseDouble(rest, out time, out int used) || !rest[used..].StartsWith(" ms"u8))
                {
                    return false;
                }
            }
            if (_lastStep < 0 || _lastStepHasTime)
            {
                if (_orphanTimeLines++ == 0)
                {
                    _firstOrphanLine = where.Number;
                }
                return true;
            }
            _time.Add(_lastStep, time, where);
            _lastStepHasTime = true;
            return true;
        }

        /// <summary>
        /// Finds "key" in <paramref name="rest"/> (usually right at its start) and parses the number after it;
        /// on success <paramref name="rest"/> moves past the number, otherwise it is left as it was.
        /// </summary>
        private static bool TryReadField(ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> key, out double value)
        {
            int at = rest.StartsWith(key) ? 0 : rest.IndexOf(key);
            if (at < 0)
            {
                value = 0;
                return false;
            }
            var after = rest[(at + key.Length)..];
            if (!Utf8Number.TryParseDouble(after, out value, out int used))
            {
                return false;
            }
            rest = after[used..];
            return true;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            if (_orphanTimeLines > 0)
            {
                notes.Add(Finding.Warning("read.lines-ignored", _orphanTimeLines == 1
                    ? $"ignored a 'Full step time' line with no step line before it (line {_firstOrphanLine})"
                    : $"ignored {_orphanTimeLines} 'Full step time' lines with no step line before them (first at line {_firstOrphanLine})")
                    .With(("lines", _orphanTimeLines), ("firstLine", _firstOrphanLine)));
            }
        }
    }
}
