using System.Buffers;
using System.Buffers.Binary;

namespace TrainCompare.Reading;

/// <summary>
/// Literal byte strings of which at least one appears in every line a format can use ("Step: ",
/// "Full step time "). The scanner searches the buffer for their first bytes with a vectorized search and
/// hands over only the lines where an anchor really stands, so the lines in between cost no more than
/// a memory scan.
/// </summary>
public sealed class LineAnchors
{
    private readonly byte[][] _anchors;

    public LineAnchors(params string[] anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        if (anchors.Length == 0 || anchors.Any(a => string.IsNullOrEmpty(a) || a.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("anchors must be non-empty strings within a line", nameof(anchors));
        }
        _anchors = anchors.Select(a => System.Text.Encoding.UTF8.GetBytes(a)).ToArray();
        byte[] firsts = _anchors.Select(a => a[0]).Distinct().ToArray();
        FirstBytes = SearchValues.Create(firsts);
        First = firsts[0];
        Second = firsts.Length > 1 ? firsts[1] : firsts[0];
        Others = firsts.Length > 2 ? firsts[2..] : [];
        MaxLength = _anchors.Max(a => a.Length);
        _prefixes = _anchors.Select(a => new Prefix(a)).ToArray();
    }

    /// <summary>Each anchor's first sixteen bytes (fewer if shorter) as two little-endian words with the masks of those bytes.</summary>
    private readonly Prefix[] _prefixes;

    /// <summary>The first byte of every anchor.</summary>
    public SearchValues<byte> FirstBytes { get; }

    /// <summary>The distinct first bytes, for the scanner's vector compare: two (the second may repeat the first), then any others.</summary>
    internal byte First { get; }

    /// <inheritdoc cref="First"/>
    internal byte Second { get; }

    /// <inheritdoc cref="First"/>
    internal byte[] Others { get; }

    /// <summary>Length of the longest anchor.</summary>
    public int MaxLength { get; }

    /// <summary>True when an anchor starts at <paramref name="at"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool StartsAt(ReadOnlySpan<byte> text, int at)
    {
        var rest = text[at..];
        if (rest.Length >= 16)
        {
            // two loads: the first sixteen bytes against each anchor's (masked to its length)
            ulong low = BinaryPrimitives.ReadUInt64LittleEndian(rest);
            ulong high = BinaryPrimitives.ReadUInt64LittleEndian(rest[8..]);
            foreach (var p in _prefixes)
            {
                if ((low & p.LowMask) == p.Low && (high & p.HighMask) == p.High && (p.Anchor.Length <= 16 || rest.StartsWith(p.Anchor)))
                {
                    return true;
                }
            }
            return false;
        }
        foreach (byte[] anchor in _anchors)
        {
            if (rest.StartsWith(anchor))
            {
                return true;
            }
        }
        return false;
    }

    private readonly struct Prefix
    {
        public Prefix(byte[] anchor)
        {
            Anchor = anchor;
            (Low, LowMask) = Word(anchor, 0);
            (High, HighMask) = Word(anchor, 8);
        }

        public byte[] Anchor { get; }
        public ulong Low { get; }
        public ulong LowMask { get; }
        public ulong High { get; }
        public ulong HighMask { get; }

        private static (ulong Word, ulong Mask) Word(byte[] anchor, int from)
        {
            ulong word = 0, mask = 0;
            for (int i = Math.Min(anchor.Length, from + 8) - 1; i >= from; i--)
            {
                word = (word << 8) | anchor[i];
                mask = (mask << 8) | 0xFF;
            }
            return (word, mask);
        }
    }
}
