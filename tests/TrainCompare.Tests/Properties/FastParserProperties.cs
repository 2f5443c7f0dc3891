using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainCompare.Formats;

namespace TrainCompare.Tests.Properties;

/// <summary>
/// The fast path (anchored byte scanning, SWAR numbers) against <see cref="ReferenceTtTrainParser"/> on
/// generated logs of every shape: both forms, prefixes, noise lines with the anchors' letters, CRLF, no final
/// line end, restarts, numbers in every notation, and buffers small enough that lines straddle reads.
/// Fixed seeds: the same cases every run.
/// </summary>
public class FastParserProperties
{
    private static readonly string[] Prefixes = ["", "[Rank 0] ", "2026-01-01 00:00:00.123 | INFO | ", "I1120 trainer.cpp:88] ", "Step"];

    private static readonly string[] Noise =
    [
        "dataloader step time 0.365 ms", "dataloader host only step time 0.033 ms", "Compilation finished at step 1",
        "Saving checkpoint at Step 100", "FFN Step Size: 3", "Full", "Step:", "Step: x, Loss: 1", "S", "F", "", " ",
        "Full step time", "Full step time 12 s", "Step: 5", "résumé ✓ — Ünïcode",
    ];

    private static Gen<string> Number() => Gen.OneOf(
        from v in Gen.Choose(-100000, 100000) select v.ToString(CultureInfo.InvariantCulture),
        from a in Gen.Choose(0, 99999) from b in Gen.Choose(0, 999999) from fmt in Gen.Elements("F1", "F3", "F6", "R", "E3", "G7", "F12")
        select (a + b / 1e6).ToString(fmt, CultureInfo.InvariantCulture),
        from a in Gen.Choose(1, 9) from e in Gen.Choose(-9, 9) select $"{a}e{e:+0;-0}",
        from big in Gen.Choose(1, 999) select $"12345678901234567.{big}",
        // Python's repr and .NET's "R": up to 17 significant digits, so fractions of 16 to 20 digits
        from a in Gen.Choose(1, int.MaxValue) from b in Gen.Choose(1, int.MaxValue) from scale in Gen.Choose(-3, 3)
        select ((double)a / b * Math.Pow(10, scale)).ToString("R", CultureInfo.InvariantCulture),
        Gen.Elements("nan", "-nan", "inf", "-inf", "NaN", "0", "0.0", "-0.0", ".5", "5."));

    private static Gen<string> Line(Gen<long> steps) => Gen.Frequency(
        (4, from p in Gen.Elements(Prefixes) from s in steps from l in Number() from t in Number()
            from tail in Gen.Elements("", ", cache entries: 42", ", cache entries: 42, TPS: 6476, TFLOPS: 120.5, MFU: 31.5%")
            select $"{p}Step: {s}, Loss: {l}, Time: {t} ms{tail}"),
        (4, from p in Gen.Elements(Prefixes) from s in steps from l in Number() select $"{p}Step: {s}, Loss: {l}"),
        (4, from p in Gen.Elements(Prefixes) from t in Number() select $"{p}Full step time {t} ms, cache entries: 91"),
        (3, Gen.Elements(Noise)));

    private static Gen<(string Text, int Buffer)> Logs()
    {
        var steps = Gen.Frequency((8, Gen.Choose(0, 5000).Select(i => (long)i)), (1, Gen.Constant(123456789012L)));
        return from lines in Line(steps).ListOf()
               from crlf in Gen.Elements(false, true)
               from finalNewline in Gen.Elements(true, false)
               from buffer in Gen.Elements(16, 17, 64, 100, 4096)
               let eol = crlf ? "\r\n" : "\n"
               select (string.Join(eol, lines) + (finalNewline && lines.Count > 0 ? eol : ""), buffer);
    }

    private static bool Agree(string text, int buffer, bool everyLine)
    {
        var expected = ReferenceTtTrainParser.Parse(text);
        var actual = TestLogs.Parse(Encoding.UTF8.GetBytes(text), bufferSize: buffer, everyLine: everyLine);
        return Same(expected.Loss, TestLogs.Column(actual, Metrics.Loss)) && Same(expected.Time, TestLogs.Column(actual, Metrics.StepTimeMs));
    }

    private static bool Same(List<(long Step, double Value)> expected, (long[] Steps, double[] Values) actual)
        => expected.Count == actual.Steps.Length
           && expected.Select(e => e.Step).SequenceEqual(actual.Steps)
           && expected.Select(e => e.Value).SequenceEqual(actual.Values); // double.Equals: NaN equals NaN, bits otherwise

    [Fact]
    public void The_generated_logs_really_exercise_the_parser()
    {
        // guards the properties: the cases hold many step and time lines, and the reference finds them
        var samples = Logs().Sample(300, new Rnd(42UL), 50);
        int losses = samples.Sum(s => ReferenceTtTrainParser.Parse(s.Text).Loss.Count);
        int times = samples.Sum(s => ReferenceTtTrainParser.Parse(s.Text).Time.Count);
        Assert.True(losses > 2000, $"only {losses} losses in 50 generated logs");
        Assert.True(times > 1000, $"only {times} times in 50 generated logs");
    }

    [Property(MaxTest = 300, Replay = "(20261123,1)")]
    public Property Anchored_scanning_agrees_with_the_reference_parser()
        => Prop.ForAll(Logs().ToArbitrary(), log => Agree(log.Text, log.Buffer, everyLine: false));

    [Property(MaxTest = 150, Replay = "(20261124,3)")]
    public Property Handing_every_line_agrees_with_the_reference_parser()
        => Prop.ForAll(Logs().ToArbitrary(), log => Agree(log.Text, log.Buffer, everyLine: true));

    [Property(MaxTest = 2000, Replay = "(7,11)")]
    public Property Numbers_parse_to_the_same_double_as_the_framework()
        => Prop.ForAll(Number().Where(n => !n.Contains("nan", StringComparison.OrdinalIgnoreCase) && !n.Contains("inf", StringComparison.Ordinal)).ToArbitrary(),
            Gen.Elements("", " ms", ", x", "%", "\r").ToArbitrary(),
            (number, tail) =>
            {
                bool ok = Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(number + tail), out double value, out int used);
                return ok && used == number.Length && value.Equals(double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture));
            });
}
