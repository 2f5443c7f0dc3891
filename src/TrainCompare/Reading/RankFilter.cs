namespace TrainCompare.Reading;

/// <summary>
/// Multi-rank logs: every rank prints its own lines, prefixed "[Rank 3] " (tt-train) or "[rank3]:"
/// (torchrun). This passes on the lines of one rank, and lines without a rank prefix, to the sink behind it.
/// </summary>
public sealed class RankFilter(ILineSink inner, int rank) : ILineSink
{
    /// <summary>How far into a line a rank prefix is looked for (after a timestamp, say).</summary>
    public const int PrefixWindow = 64;

    public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
    {
        int? r = RankOf(line);
        if (r is null || r == rank)
        {
            inner.OnLine(line, anchorAt, where);
        }
    }

    /// <summary>The rank a line's prefix names, or null.</summary>
    public static int? RankOf(ReadOnlySpan<byte> line)
    {
        var head = line[..Math.Min(line.Length, PrefixWindow)];
        int at = head.IndexOf("[Rank "u8);
        int skip = 6;
        if (at < 0)
        {
            at = head.IndexOf("[rank"u8);
            skip = 5;
        }
        if (at < 0)
        {
            return null;
        }
        var digits = head[(at + skip)..].TrimStart((byte)' ');
        // digits only (no sign), as many as an int holds
        if (digits.IsEmpty || (uint)(digits[0] - '0') > 9
            || !System.Buffers.Text.Utf8Parser.TryParse(digits, out int r, out int used))
        {
            return null;
        }
        return digits[used..].StartsWith("]"u8) ? r : null;
    }

    /// <summary>The ranks named in a sample of a log, in order.</summary>
    public static SortedSet<int> RanksIn(ReadOnlySpan<byte> sample)
    {
        var ranks = new SortedSet<int>();
        while (!sample.IsEmpty)
        {
            int nl = sample.IndexOf((byte)'\n');
            var line = nl < 0 ? sample : sample[..nl];
            if (RankOf(line) is { } r)
            {
                ranks.Add(r);
            }
            sample = nl < 0 ? default : sample[(nl + 1)..];
        }
        return ranks;
    }
}
