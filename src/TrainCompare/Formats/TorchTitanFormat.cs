using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>
/// torchtitan's metrics line, coloured with ANSI codes (stripped here), thousands separators in tps:
/// <code>
/// [titan] 2026-01-01 00:00:00,000 - root - INFO - step:  2  loss:  5.7679  memory: 10.50GiB(11.05%)  tps: 11,568  tflops: 120.50  mfu: 12.19%
/// </code>
/// torchtitan logs throughput, not step time; the run line says so rather than inventing one.
/// </summary>
public sealed class TorchTitanFormat : ILogFormat
{
    public static readonly TorchTitanFormat Instance = new();

    public string Name => "torchtitan";

    public LineAnchors Anchors { get; } = new("step:");

    LineAnchors? ILogFormat.Anchors => Anchors;

    public ILineParser CreateParser(ParsedLog output) => new Parser(output);

    private sealed class Parser(ParsedLog output) : LineParser
    {
        private readonly ObservationColumn _loss = output.Column(Metrics.Loss);
        private bool _sawTime;
        private long _lines;

        public override bool ParseLine(ReadOnlySpan<byte> raw, int anchorAt, LineRef where)
        {
            Span<byte> buffer = stackalloc byte[Math.Min(raw.Length, 1024)];
            var line = LineFields.StripAnsi(raw, buffer);
            // "step:1000/1750 val_loss:..." is modded-nanogpt's, not torchtitan's
            if (!LineFields.TryIntegerAfter(line, "step:"u8, out long step, out var rest) || rest.StartsWith("/"u8)
                || !LineFields.TryNumberAfter(rest, "loss:"u8, out double loss, out _))
            {
                return false;
            }
            _lines++;
            _loss.Add(step, loss, where);
            if (LineFields.TryNumberAfter(rest, "memory:"u8, out double gib, out var unit) && unit.StartsWith("GiB"u8))
            {
                output.Column(Metrics.MemoryGiB).Add(step, gib, where);
            }
            int tps = rest.IndexOf("tps:"u8);
            if (tps >= 0 && LineFields.TryGrouped(rest[(tps + 4)..], out double tokens))
            {
                output.Column(Metrics.TokensPerSecond).Add(step, tokens, where);
            }
            if (LineFields.TryNumberAfter(rest, "tflops:"u8, out double tflops))
            {
                output.Column(Metrics.Tflops).Add(step, tflops, where);
            }
            if (LineFields.TryNumberAfter(rest, "mfu:"u8, out double mfu))
            {
                output.Column(Metrics.MfuPercent).Add(step, mfu, where);
            }
            if (LineFields.TryNumberAfter(rest, "time:"u8, out double seconds, out var after) && after.StartsWith("s"u8))
            {
                output.Column(Metrics.StepTimeMs).Add(step, seconds * 1000, where);
                _sawTime = true;
            }
            return true;
        }

        public override void DescribeTo(List<Finding> notes)
        {
            if (_lines > 0 && !_sawTime)
            {
                notes.Add(Finding.Warning("read.no-step-time", "torchtitan logs throughput (tps, tflops, mfu), not step time: no step-time statistics for this run"));
            }
        }
    }
}
