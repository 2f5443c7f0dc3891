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

    public string Example => "Step: 12, Loss: 9.625, Time: 701.56 ms  |  Step: 12, Loss: 9.625 + Full step time 701.557 ms";

    public LineAnchors Anchors { get; } = new("Step: ", "Full step time ");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : ILineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private readonly ObservationColumn _time = output.Column(Metrics.StepTimeMs);
        private ObservationColumn? _tps, _tflops, _mfu;
        private long _lastStep = -1;
        private bool _lastStepHasTime = true;
        private long _orphanTimeLines;
        private long _firstOrphanLine;

        public bool ParseLine(ReadOnlySpan<byte> line, long lineNumber)
        {
            int at = line.IndexOf("Step: "u8);
            if (at >= 0)
            {
                return ParseStepLine(line[(at + "Step: ".Length)..], lineNumber);
            }
            at = line.IndexOf("Full step time "u8);
            if (at >= 0)
            {
                return ParseTimeLine(line[(at + "Full step time ".Length)..], lineNumber);
            }
            return false;
        }

        private bool ParseStepLine(ReadOnlySpan<byte> rest, long lineNumber)
        {
            if (!Utf8Number.TryParseInt64(rest, out long step, out int used))
            {
                return false;
            }
            rest = rest[used..];
            if (!TryReadField(rest, ", Loss: "u8, out double loss, out _))
            {
                return false;
            }
            _loss.Add(step, loss, lineNumber);
            _lastStep = step;
            _lastStepHasTime = false;

            if (TryReadField(rest, ", Time: "u8, out double time, out ReadOnlySpan<byte> afterTime)
                && afterTime.StartsWith(" ms"u8))
            {
                _time.Add(step, time, lineNumber);
                _lastStepHasTime = true;
            }
            if (TryReadField(rest, ", TPS: "u8, out double tps, out _))
            {
                (_tps ??= output.Column(Metrics.TokensPerSecond)).Add(step, tps, lineNumber);
            }
            if (TryReadField(rest, ", TFLOPS: "u8, out double tflops, out _))
            {
                (_tflops ??= output.Column(Metrics.Tflops)).Add(step, tflops, lineNumber);
            }
            if (TryReadField(rest, ", MFU: "u8, out double mfu, out _))
            {
                (_mfu ??= output.Column(Metrics.MfuPercent)).Add(step, mfu, lineNumber);
            }
            return true;
        }

        private bool ParseTimeLine(ReadOnlySpan<byte> rest, long lineNumber)
        {
            if (!Utf8Number.TryParseDouble(rest, out double time, out int used) || !rest[used..].StartsWith(" ms"u8))
            {
                return false;
            }
            if (_lastStep < 0 || _lastStepHasTime)
            {
                if (_orphanTimeLines++ == 0)
                {
                    _firstOrphanLine = lineNumber;
                }
                return true;
            }
            _time.Add(_lastStep, time, lineNumber);
            _lastStepHasTime = true;
            return true;
        }

        /// <summary>Finds "key" in the line and parses the number after it.</summary>
        private static bool TryReadField(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out double value, out ReadOnlySpan<byte> after)
        {
            int at = line.IndexOf(key);
            if (at < 0)
            {
                value = 0;
                after = default;
                return false;
            }
            ReadOnlySpan<byte> rest = line[(at + key.Length)..];
            bool ok = Utf8Number.TryParseDouble(rest, out value, out int used);
            after = rest[used..];
            return ok;
        }

        public void DescribeTo(List<string> notes)
        {
            if (_orphanTimeLines > 0)
            {
                notes.Add(_orphanTimeLines == 1
                    ? $"ignored a 'Full step time' line with no step line before it (line {_firstOrphanLine})"
                    : $"ignored {_orphanTimeLines} 'Full step time' lines with no step line before them (first at line {_firstOrphanLine})");
            }
        }
    }
}
