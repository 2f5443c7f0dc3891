using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainCompare.Reading;

namespace TrainCompare.Tests.Properties;

/// <summary>
/// The anchored scanner (a vector compare that finds anchors' first bytes and newlines in one pass) against
/// splitting the text into lines and searching each: the same lines, the same anchor offsets, the same line
/// numbers and line count, for anchor sets with one, two and three distinct first bytes, lines short and
/// long (so vector blocks, the 16-byte blocks and the scalar tail all meet anchors and newlines), CRLF and lone CRs, no
/// final line end, and buffers small enough that lines straddle reads. Fixed seeds.
/// </summary>
public class ScannerProperties
{
    private static readonly string[][] AnchorSets =
    [
        ["Step: ", "Full step time "],
        ["step:"],
        ["iter ", "step ", "val loss "],
        ["{\""],
        ["validation loss at step ", "Step: "], // longer than the sixteen bytes compared by word
    ];

    private static readonly string[] Pieces =
    [
        "Step: ", "Full step time ", "step:", "iter ", "step ", "val loss ", "{\"", "S", "F", "s", "i", "v", "{", "Ste", "Full ",
        "\r", "x", " ", "validation loss at step ", "validation loss at ste", "validation loss ", "0.365 ms", "dataloader step time", "é", "12345678901234567890123456789012",
    ];

    private sealed class Collect : ILineSink
    {
        public List<(string Text, int AnchorAt, long Number)> Lines { get; } = [];

        public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
            => Lines.Add((Encoding.UTF8.GetString(line), anchorAt, where.Number));
    }

    private static Gen<string> Line() => Gen.Frequency(
        (3, Gen.Elements(Pieces).ListOf().Select(p => string.Concat(p))),
        (1, from filler in Gen.Choose(0, 90) from piece in Gen.Elements(Pieces) from more in Gen.Choose(0, 40)
            select new string('x', filler) + piece + new string('y', more)),
        (1, Gen.Constant("")));

    private static Gen<(string Text, int Set, int Buffer)> Texts()
        => from lines in Line().ListOf()
           from crlf in Gen.Elements(false, true)
           from finalNewline in Gen.Elements(true, false)
           from set in Gen.Choose(0, AnchorSets.Length - 1)
           from buffer in Gen.Elements(16, 17, 31, 64, 100, 4096)
           let eol = crlf ? "\r\n" : "\n"
           select (string.Join(eol, lines) + (finalNewline && lines.Count > 0 ? eol : ""), set, buffer);

    /// <summary>A lone CR (not followed by LF) ends a line as LF does.</summary>
    private static string LoneCrsAsLf(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\r(?!\n)", "\n");

    /// <summary>What the scanner should hand over: every line holding an anchor, its first anchor's offset, its number.</summary>
    private static List<(string, int, long)> Expected(string text, string[] anchors)
    {
        text = LoneCrsAsLf(text);
        var expected = new List<(string, int, long)>();
        if (text.Length == 0)
        {
            return expected;
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                if (i < bytes.Length || start < bytes.Length)
                {
                    lines.Add(bytes[start..i]);
                }
                start = i + 1;
            }
        }
        byte[][] anchorBytes = anchors.Select(Encoding.UTF8.GetBytes).ToArray();
        for (int n = 0; n < lines.Count; n++)
        {
            byte[] line = lines[n].Length > 0 && lines[n][^1] == (byte)'\r' ? lines[n][..^1] : lines[n];
            int at = -1;
            for (int i = 0; i < lines[n].Length && at < 0; i++)
            {
                if (anchorBytes.Any(a => lines[n].AsSpan(i).StartsWith(a)))
                {
                    at = i;
                }
            }
            if (at >= 0)
            {
                expected.Add((Encoding.UTF8.GetString(line), at, n + 1));
            }
        }
        return expected;
    }

    private static int LineCount(string text) => LineCountLf(LoneCrsAsLf(text));

    private static int LineCountLf(string text) => text.Length == 0 ? 0 : text.Count(c => c == '\n') + (text[^1] == '\n' ? 0 : 1);

    [Property(MaxTest = 400, Replay = "(20261125,5)")]
    public Property Anchored_lines_numbers_and_offsets_match_splitting_and_searching()
        => Prop.ForAll(Texts().ToArbitrary(), c =>
        {
            var sink = new Collect();
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(c.Text));
            using var scanner = new LogScanner(sink, new LineAnchors(AnchorSets[c.Set]), c.Buffer);
            scanner.Feed(stream, final: true);
            return sink.Lines.SequenceEqual(Expected(c.Text, AnchorSets[c.Set])) && scanner.Lines == LineCount(c.Text);
        });

    /// <summary>
    /// Feeding the text in pieces that lie in memory (as a mapped file's windows arrive), some of them through
    /// a stream instead, hands over the same lines as one stream: a line cut between pieces is carried over,
    /// whatever the mix. Anchored, and with every line handed over (no anchors).
    /// </summary>
    [Property(MaxTest = 300, Replay = "(20261124,11)")]
    public Property Feeding_in_memory_pieces_hands_over_the_same_lines_as_one_stream()
    {
        var cases = from text in Texts()
                    from cuts in Gen.Choose(0, 400).ListOf()
                    from streamed in Gen.Elements(false, true).ListOf()
                    from everyLine in Gen.Elements(false, true)
                    select (text, cuts, streamed, everyLine);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(c.text.Text);
            var anchors = c.everyLine ? null : new LineAnchors(AnchorSets[c.text.Set]);
            var whole = new Collect();
            using (var scanner = new LogScanner(whole, anchors, c.text.Buffer))
            using (var stream = new MemoryStream(bytes))
            {
                scanner.Feed(stream, final: true);
            }
            var pieces = new Collect();
            long read = 0, inMemory = 0;
            using (var scanner = new LogScanner(pieces, anchors, c.text.Buffer))
            {
                int[] cuts = [.. c.cuts.Select(x => Math.Min(x, bytes.Length)).Order(), bytes.Length];
                int from = 0;
                for (int i = 0; i < cuts.Length; i++)
                {
                    var piece = bytes.AsMemory(from, cuts[i] - from);
                    bool last = i == cuts.Length - 1;
                    if (i < c.streamed.Count && c.streamed[i])
                    {
                        using var stream = new MemoryStream(piece.ToArray());
                        scanner.Feed(stream, final: last);
                    }
                    else
                    {
                        scanner.Feed(piece.Span, final: last, onRead: n => read += n);
                        inMemory += piece.Length;
                    }
                    from = cuts[i];
                }
                if (scanner.BytesRead != bytes.Length || read != inMemory || scanner.Lines != LineCount(c.text.Text))
                {
                    return false;
                }
            }
            return pieces.Lines.SequenceEqual(whole.Lines)
                && (c.everyLine || whole.Lines.SequenceEqual(Expected(c.text.Text, AnchorSets[c.text.Set])));
        });
    }

    [Fact]
    public void The_generated_texts_really_hold_anchored_lines()
    {
        var samples = Texts().Sample(300, new Rnd(5UL), 100);
        int anchored = samples.Sum(s => Expected(s.Text, AnchorSets[s.Set]).Count);
        int longLines = samples.Sum(s => s.Text.Split('\n').Count(l => l.Length > 64));
        Assert.True(anchored > 400, $"only {anchored} anchored lines");
        Assert.True(longLines > 100, $"only {longLines} lines over 64 bytes");
    }
}
