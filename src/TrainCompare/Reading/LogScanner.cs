using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TrainCompare.Reading;

/// <summary>Receives the lines of a stream, one at a time, as UTF-8 bytes without the line end.</summary>
public interface ILineSink
{
    /// <param name="line">The line's bytes, without '\n' or a trailing '\r'. Valid only during the call.</param>
    /// <param name="anchorAt">Where the scanner found the first anchor in the line; -1 when it hands every line.</param>
    /// <param name="where">The line's number, worked out when asked (valid only during this call).</param>
    void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where);
}

/// <summary>
/// A sink that gives the scanner a loop specialised for it (<see cref="LineLoop{TSink}"/> over a struct that
/// calls it directly), so that Native AOT, which has no profile to guide it, can inline the parser into the
/// scanner's loop as the JIT does. Other sinks are called through the interface.
/// </summary>
public interface ISpecializedLineSink : ILineSink
{
    LineLoop CreateLoop();
}

/// <summary>The scanner's anchored-lines loop for one kind of sink (see <see cref="ISpecializedLineSink"/>).</summary>
public abstract class LineLoop
{
    internal abstract int Anchored(LogScanner scanner, ReadOnlySpan<byte> window);
}

/// <inheritdoc cref="LineLoop"/>
public sealed class LineLoop<TSink>(TSink sink) : LineLoop where TSink : struct, ILineSink
{
    private TSink _sink = sink;

    internal override int Anchored(LogScanner scanner, ReadOnlySpan<byte> window) => scanner.AnchoredLines(window, ref _sink);
}

/// <summary>
/// Streams a log through one pooled buffer and hands lines to a sink: every line, or, given
/// <see cref="LineAnchors"/>, only the lines where an anchor stands (found by a vectorized compare over the
/// whole buffer that sees the newlines in the same pass, so line numbers stay exact). The file is never held whole
/// in memory and no string is made per line. LF or CRLF; lines longer than the buffer grow it.
/// <para>
/// Incremental: <see cref="Feed"/> may be called again as a file grows (watch mode); a last line without
/// a line end is kept back until it is completed, or handed over when <c>final</c> is set.
/// </para>
/// </summary>
public sealed class LogScanner : IDisposable
{
    public const int DefaultBufferSize = 1 << 20;

    private readonly ILineSink _sink;
    private readonly LineLoop? _loop; // with anchors
    private readonly LineAnchors? _anchors;
    private byte[] _buffer;
    private int _length;       // bytes in the buffer: the unfinished line carried over, then new data
    private long _newlines;    // '\n' bytes handed over (consumed) so far

    public LogScanner(ILineSink sink, LineAnchors? anchors = null, int bufferSize = DefaultBufferSize)
    {
        _sink = sink;
        _anchors = anchors;
        if (anchors is not null)
        {
            _loop = sink is ISpecializedLineSink special ? special.CreateLoop() : new LineLoop<ThroughInterface>(new ThroughInterface(sink));
        }
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 16));
    }

    /// <summary>Bytes read from the stream so far (including a line kept back).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Lines seen so far (complete ones, plus the last one after a final feed).</summary>
    public long Lines { get; private set; }

    /// <summary>
    /// Reads <paramref name="stream"/> from its position to its end (or <paramref name="maxBytes"/>), handing
    /// every complete line to the sink; with <paramref name="final"/>, also the last line if it has no line end.
    /// </summary>
    /// <param name="onRead">Called with the bytes read after each read, for progress.</param>
    public void Feed(Stream stream, bool final, long maxBytes = long.MaxValue, Action<long>? onRead = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long budget = maxBytes;
        while (true)
        {
            if (_length == _buffer.Length)
            {
                Grow();
            }
            int want = (int)Math.Min(_buffer.Length - _length, budget);
            int read = want <= 0 ? 0 : stream.Read(_buffer, _length, want);
            if (read == 0)
            {
                break;
            }
            budget -= read;
            BytesRead += read;
            onRead?.Invoke(read);
            int start = _length;
            _length += read;
            var window = _buffer.AsSpan(0, _length);
            int consumed = CompleteLines(window, start);
            Shift(consumed);
        }
        if (final)
        {
            HandOverLast();
        }
    }

    /// <summary>
    /// Hands over the lines of <paramref name="data"/>, which the caller holds in memory (the detection sample, a log
    /// held in memory): complete lines are scanned where they lie, with no copy; only a line carried
    /// over from the feed before, or a last line without a line end kept back for the next feed, goes
    /// through the buffer. Feeds of either kind may follow each other.
    /// </summary>
    public void Feed(ReadOnlySpan<byte> data, bool final, Action<long>? onRead = null)
    {
        int total = data.Length;
        BytesRead += total;
        if (_length > 0)
        {
            // finish the line carried over: append up to its line end, and hand it over from the buffer
            int nl = data.IndexOf((byte)'\n');
            var head = nl < 0 ? data : data[..(nl + 1)];
            Reserve(head.Length);
            int start = _length;
            head.CopyTo(_buffer.AsSpan(_length));
            _length += head.Length;
            Shift(CompleteLines(_buffer.AsSpan(0, _length), start));
            data = data[head.Length..];
        }
        if (_length == 0 && !data.IsEmpty)
        {
            int lastNl = data.LastIndexOf((byte)'\n');
            var complete = data[..(lastNl + 1)];
            if (!complete.IsEmpty)
            {
                int consumed = CompleteLines(complete, 0);
                System.Diagnostics.Debug.Assert(consumed == complete.Length);
            }
            var rest = data[complete.Length..];
            Reserve(rest.Length);
            rest.CopyTo(_buffer);
            _length = rest.Length;
        }
        onRead?.Invoke(total);
        if (final)
        {
            HandOverLast();
        }
    }

    /// <summary>Hands over the complete lines of the window (every one, or those with an anchor); returns the bytes consumed.</summary>
    /// <param name="newDataStart">Where the bytes not yet searched for a line end begin (the part before holds none).</param>
    private int CompleteLines(ReadOnlySpan<byte> window, int newDataStart)
        => _loop is null ? EveryLine(window, newDataStart) : _loop.Anchored(this, window);

    /// <summary>Hands over the last line of the log, the one without a line end, if there is one.</summary>
    private void HandOverLast()
    {
        if (_length == 0)
        {
            return;
        }
        var tail = _buffer.AsSpan(0, _length);
        _length = 0;
        int anchorAt = _anchors is null ? -1 : FindAnchor(tail);
        if (_anchors is null || anchorAt >= 0)
        {
            _sink.OnLine(TrimCr(tail), anchorAt, LineRef.Known(_newlines + 1));
        }
        Lines = _newlines + 1;
    }

    /// <summary>Hands over every complete line; returns the bytes consumed.</summary>
    private int EveryLine(ReadOnlySpan<byte> window, int newDataStart)
    {
        int offset = 0;
        // the carried-over part holds no '\n', so the first one is at or after newDataStart
        int search = newDataStart;
        while (true)
        {
            int nl = window[search..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                return offset;
            }
            nl += search;
            _sink.OnLine(TrimCr(window[offset..nl]), -1, LineRef.Known(++_newlines));
            Lines = _newlines;
            offset = nl + 1;
            search = offset;
        }
    }

    /// <summary>
    /// Hands over the complete lines holding an anchor; returns the bytes consumed. One pass: a vector
    /// compare finds both the anchors' first bytes and the newlines, so each line's start and number are
    /// known when its anchor is found, without a search backwards or a count per line.
    /// </summary>
    internal int AnchoredLines<TSink>(ReadOnlySpan<byte> window, ref TSink sink) where TSink : struct, ILineSink
    {
        var anchors = _anchors!;
        int lastNl = window.LastIndexOf((byte)'\n');
        if (lastNl < 0)
        {
            return 0; // no complete line yet
        }
        var complete = window[..(lastNl + 1)];
        long newlines = _newlines; // '\n' bytes before pos
        // Scan from 0: the carried-over part is an unfinished line that was not scanned before.
        int pos = 0;
        int lineStart = 0; // start of the line holding pos
        while (true)
        {
            int hit = FindFirstByte(anchors, complete, pos, ref lineStart, ref newlines, out int newlineAfter, out int searchedTo);
            if (hit < 0)
            {
                break;
            }
            if (!anchors.StartsAt(complete, hit))
            {
                pos = hit + 1;
                continue;
            }
            // the block that held the anchor often holds the line end too; complete ends with '\n'
            int lineEnd = newlineAfter >= 0 ? newlineAfter : FindNewline(complete, searchedTo);
            sink.OnLine(TrimCr(complete[lineStart..lineEnd]), hit - lineStart, LineRef.Known(newlines + 1));
            newlines++;
            pos = lineStart = lineEnd + 1;
        }
        _newlines = newlines;
        Lines = newlines;
        return complete.Length;
    }

    /// <summary>
    /// The position of the next byte from <paramref name="pos"/> that starts an anchor, or -1. Newlines
    /// passed on the way are counted into <paramref name="newlines"/>, and <paramref name="lineStart"/>
    /// moves past the last of them. 32 or 16 bytes at a time, whichever the CPU does in one instruction.
    /// </summary>
    /// <param name="newlineAfter">The first '\n' after the hit if the block that held the hit shows one, else -1.</param>
    /// <param name="searchedTo">Where a search for that '\n' goes on otherwise: the bytes between the hit and here hold none.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindFirstByte(LineAnchors anchors, ReadOnlySpan<byte> text, int pos, ref int lineStart, ref long newlines,
        out int newlineAfter, out int searchedTo)
    {
        ref byte start = ref MemoryMarshal.GetReference(text);
        if (Vector256.IsHardwareAccelerated)
        {
            var newline = Vector256.Create((byte)'\n');
            var first = Vector256.Create(anchors.First);
            var second = Vector256.Create(anchors.Second);
            for (; pos <= text.Length - Vector256<byte>.Count; pos += Vector256<byte>.Count)
            {
                var bytes = Vector256.LoadUnsafe(ref start, (nuint)pos);
                var found = Vector256.Equals(bytes, first) | Vector256.Equals(bytes, second);
                foreach (byte other in anchors.Others)
                {
                    found |= Vector256.Equals(bytes, Vector256.Create(other));
                }
                uint newlineBits = Vector256.Equals(bytes, newline).ExtractMostSignificantBits();
                uint candidates = found.ExtractMostSignificantBits();
                if (candidates != 0)
                {
                    int at = BitOperations.TrailingZeroCount(candidates);
                    PassNewlines(newlineBits & ((1u << at) - 1), pos, ref lineStart, ref newlines);
                    uint after = newlineBits >> at; // bit 0 is the hit itself, never a newline
                    newlineAfter = after != 0 ? pos + at + BitOperations.TrailingZeroCount(after) : -1;
                    searchedTo = pos + Vector256<byte>.Count;
                    return pos + at;
                }
                PassNewlines(newlineBits, pos, ref lineStart, ref newlines);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var newline = Vector128.Create((byte)'\n');
            var first = Vector128.Create(anchors.First);
            var second = Vector128.Create(anchors.Second);
            for (; pos <= text.Length - Vector128<byte>.Count; pos += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref start, (nuint)pos);
                var found = Vector128.Equals(bytes, first) | Vector128.Equals(bytes, second);
                foreach (byte other in anchors.Others)
                {
                    found |= Vector128.Equals(bytes, Vector128.Create(other));
                }
                uint newlineBits = Vector128.Equals(bytes, newline).ExtractMostSignificantBits();
                uint candidates = found.ExtractMostSignificantBits();
                if (candidates != 0)
                {
                    int at = BitOperations.TrailingZeroCount(candidates);
                    PassNewlines(newlineBits & ((1u << at) - 1), pos, ref lineStart, ref newlines);
                    uint after = newlineBits >> at; // bit 0 is the hit itself, never a newline
                    newlineAfter = after != 0 ? pos + at + BitOperations.TrailingZeroCount(after) : -1;
                    searchedTo = pos + Vector128<byte>.Count;
                    return pos + at;
                }
                PassNewlines(newlineBits, pos, ref lineStart, ref newlines);
            }
        }
        for (; pos < text.Length; pos++)
        {
            byte b = text[pos];
            if (b == (byte)'\n')
            {
                newlines++;
                lineStart = pos + 1;
            }
            else if (anchors.FirstBytes.Contains(b))
            {
                newlineAfter = -1;
                searchedTo = pos + 1;
                return pos;
            }
        }
        newlineAfter = searchedTo = -1;
        return -1;
    }

    /// <summary>Counts the newlines in a block's bit mask (bit i: byte pos + i) and moves the line start past the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PassNewlines(uint newlineBits, int pos, ref int lineStart, ref long newlines)
    {
        if (newlineBits != 0)
        {
            newlines += BitOperations.PopCount(newlineBits);
            lineStart = pos + 32 - BitOperations.LeadingZeroCount(newlineBits); // after the highest set bit
        }
    }

    /// <summary>The position of the first '\n' at or after <paramref name="pos"/>; the text must hold one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindNewline(ReadOnlySpan<byte> text, int pos)
    {
        ref byte start = ref MemoryMarshal.GetReference(text);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; pos <= text.Length - Vector256<byte>.Count; pos += Vector256<byte>.Count)
            {
                uint bits = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)pos), Vector256.Create((byte)'\n')).ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return pos + BitOperations.TrailingZeroCount(bits);
                }
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; pos <= text.Length - Vector128<byte>.Count; pos += Vector128<byte>.Count)
            {
                uint bits = Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)pos), Vector128.Create((byte)'\n')).ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return pos + BitOperations.TrailingZeroCount(bits);
                }
            }
        }
        return pos + text[pos..].IndexOf((byte)'\n');
    }

    private int FindAnchor(ReadOnlySpan<byte> line)
    {
        int pos = 0;
        while (true)
        {
            int hit = line[pos..].IndexOfAny(_anchors!.FirstBytes);
            if (hit < 0)
            {
                return -1;
            }
            if (_anchors.StartsAt(line, pos + hit))
            {
                return pos + hit;
            }
            pos += hit + 1;
        }
    }

    private void Shift(int consumed)
    {
        if (consumed > 0)
        {
            Buffer.BlockCopy(_buffer, consumed, _buffer, 0, _length - consumed);
            _length -= consumed;
        }
    }

    /// <summary>Grows the buffer until <paramref name="bytes"/> more fit after what it holds.</summary>
    private void Reserve(int bytes)
    {
        while (_buffer.Length - _length < bytes)
        {
            Grow();
        }
    }

    private void Grow()
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
        Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line)
        => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private readonly struct ThroughInterface(ILineSink sink) : ILineSink
    {
        public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where) => sink.OnLine(line, anchorAt, where);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
