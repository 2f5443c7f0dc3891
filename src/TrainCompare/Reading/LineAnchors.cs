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
        _prefixes = _anchors.Select(a =>
        {
            int n = Math.Min(a.Length, 8);
            ulong prefix = 0;
            for (int i = n - 1; i >= 0; i--)
            {
                prefix = (prefix << 8) | a[i];
            }
            return (prefix, n == 8 ? ulong.MaxValue : (1UL << (8 * n)) - 1, a);
        }).ToArray();
    }

    /// <summary>Each anchor's first eight bytes (fewer if shorter) as a little-endian word, the mask of those bytes, the anchor.</summary>
    private readonly (ulong Prefix, ulong Mask, byte[] Anchor)[] _prefixes;

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
        if (rest.Length >= 8)
        {
            // one load: the first eight bytes against each anchor's (masked to its length)
            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(rest);
            foreach (var (prefix, mask, anchor) in _prefixes)
            {
                if ((word & mask) == prefix && (anchor.Length <= 8 || rest.StartsWith(anchor)))
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
}
