using System.Text;
using TrainCompare.Reading;
namespace TrainCompare.Tests.Reading;
/// <summary>Short texts of CRs, LFs and anchors, cut in two and fed by stream or in memory: the same lines and count as one stream (seeded).</summary>
public class LineEndSplitTests
{
    private sealed class Collect : ILineSink
    {
        public List<(string, int, long)> Lines { get; } = [];
        public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where) => Lines.Add((Encoding.UTF8.GetString(line), anchorAt, where.Number));
    }
    [Fact]
    public void Lone_crs_and_crlfs_read_the_same_whatever_the_feeds_and_the_cut()
    {
        var rng = new Random(3);
        string[] pieces = ["Step: ", "\r", "\n", "x", "\r\n", "ab"];
        for (int t = 0; t < 5000; t++)
        {
            var sb = new StringBuilder();
            int n = rng.Next(0, 12);
            for (int i = 0; i < n; i++) sb.Append(pieces[rng.Next(pieces.Length)]);
            byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
            foreach (var anchors in new[] { null, new LineAnchors("Step: ") })
            {
                int buffer = 16;
                var whole = new Collect();
                long wholeLines;
                using (var s = new LogScanner(whole, anchors, buffer)) { s.Feed(new MemoryStream(bytes), true); wholeLines = s.Lines; }
                int cut = rng.Next(0, bytes.Length + 1);
                bool firstStream = rng.Next(2) == 0, secondStream = rng.Next(2) == 0;
                var parts = new Collect();
                using var sc = new LogScanner(parts, anchors, buffer);
                if (firstStream) sc.Feed(new MemoryStream(bytes[..cut]), false); else sc.Feed(bytes.AsSpan(0, cut), false);
                if (secondStream) sc.Feed(new MemoryStream(bytes[cut..]), true); else sc.Feed(bytes.AsSpan(cut), true);
                string show = sb.ToString().Replace("\r", "\\r").Replace("\n", "\\n");
                Assert.True(parts.Lines.SequenceEqual(whole.Lines) && sc.Lines == wholeLines,
                    $"{show} cut {cut} {firstStream}/{secondStream} anchors {anchors is not null}: whole [{string.Join("|", whole.Lines)}] {wholeLines} parts [{string.Join("|", parts.Lines)}] {sc.Lines}");
            }
        }
    }
}
