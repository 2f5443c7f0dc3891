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
/// in memory and no string is made per line. A line ends at LF, CRLF or a lone CR. Lines longer than the
/// buffer grow it, up to <see cref="MaxLineBytes"/>: longer lines are skipped, and counted (<see cref="SkippedLines"/>).
/// <para>
/// Incremental: <see cref="Feed"/> may be called again as a file grows (watch mode); a last line without
/// a line end is kept back until it is completed, or handed over when <c>final</c> is set.
/// </para>
/// </summary>
public sealed class LogScanner : IDisposable
{
    public const int DefaultBufferSize = 1 << 20;

    /// <summary>The longest line handed over (without its line end); longer ones are skipped and counted.</summary>
    public const int MaxLineBytes = 1 << 20;


    private readonly ILineSink _sink;
    private readonly LineLoop? _loop; // with anchors
    private readonly LineAnchors? _anchors;
    private byte[] _buffer;
    private int _length;       // bytes in the buffer: the unfinished line carried over, then new data
    private long _newlines;    // line ends handed over (consumed) so far
    private bool _skipping;    // dropping the rest of a line longer than MaxLineBytes

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

    /// <summary>Lines longer than <see cref="MaxLineBytes"/>, skipped (a line's number still counts them).</summary>
    public long SkippedLines { get; private set; }

    /// <summary>The number of the first line skipped for its length; 0 when none was.</summary>
    public long FirstSkippedLine { get; private set; }

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
            MakeRoom();
            int want = (int)Math.Min(_buffer.Length - _length, budget);
            int read = want <= 0 ? 0 : stream.Read(_buffer, _length, want);
            if (read == 0)
            {
                break;
            }
            budget -= read;
            BytesRead += read;
            onRead?.Invoke(read);
            Absorb(read);
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
        while ((_length > 0 || _skipping) && !data.IsEmpty)
        {
            // finish the line carried over (or being skipped) through the buffer, up to its line end; again
            // when that leaves a line kept back (a lone CR there waits for the byte after it)
            int end = FirstLineEnd(data, 0);
            var head = end < 0 ? data : data[..(end + 1)];
            Buffered(head);
            data = data[head.Length..];
        }
        if (!data.IsEmpty)
        {
            int last = LastLineEnd(data);
            var complete = data[..(last + 1)];
            if (!complete.IsEmpty)
            {
                // with the byte after the last line end, which decides a CR there is one
                int consumed = CompleteLines(last + 1 < data.Length ? data[..(last + 2)] : complete, 0);
                System.Diagnostics.Debug.Assert(consumed == complete.Length);
            }
            Buffered(data[complete.Length..]);
        }
        onRead?.Invoke(total);
        if (final)
        {
            HandOverLast();
        }
    }

    /// <summary>Copies <paramref name="data"/> into the buffer, a part at a time, handing over the lines it completes.</summary>
    private void Buffered(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            MakeRoom();
            int n = Math.Min(_buffer.Length - _length, data.Length);
            data[..n].CopyTo(_buffer.AsSpan(_length));
            data = data[n..];
            Absorb(n);
        }
    }

    /// <summary>
    /// Makes room in a full buffer: grows it up to what the longest line read needs; past that the
    /// unfinished line in it is longer than <see cref="MaxLineBytes"/>, and it is dropped (its rest too, as it arrives).
    /// </summary>
    private void MakeRoom()
    {
        if (_length < _buffer.Length)
        {
            return;
        }
        if (_buffer.Length < MaxLineBytes + 2)
        {
            Grow();
            return;
        }
        if (!_skipping)
        {
            NoteSkipped(_newlines + 1);
            _skipping = true;
        }
        Drop();
    }

    /// <summary>Drops what the buffer holds of a line that is too long, but a last CR: the byte after it decides whether it ends the line.</summary>
    private void Drop()
    {
        bool cr = _length > 0 && _buffer[_length - 1] == (byte)'\r';
        _buffer[0] = (byte)'\r';
        _length = cr ? 1 : 0;
    }

    private void NoteSkipped(long line)
    {
        if (SkippedLines++ == 0)
        {
            FirstSkippedLine = line;
        }
    }

    /// <summary>Takes in <paramref name="read"/> bytes just put at the end of the buffer, and hands over the lines they complete.</summary>
    private void Absorb(int read)
    {
        int start = _length;
        _length += read;
        // a CR that ended the bytes before is decided by the first new one
        int from = start > 0 ? start - 1 : 0;
        if (_skipping)
        {
            int end = FirstLineEnd(_buffer.AsSpan(0, _length), 0);
            if (end < 0)
            {
                Drop();
                return;
            }
            _skipping = false;
            Lines = ++_newlines; // the end of the line that was too long
            Shift(end + 1);
            from = 0;
        }
        Shift(CompleteLines(_buffer.AsSpan(0, _length), from));
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
            _skipping = false;
            return;
        }
        var tail = TrimCr(_buffer.AsSpan(0, _length));
        _length = 0;
        Lines = _newlines + 1;
        if (_skipping)
        {
            _skipping = false; // the line that was too long ends with the log
            return;
        }
        if (tail.Length > MaxLineBytes)
        {
            NoteSkipped(_newlines + 1);
            return;
        }
        int anchorAt = _anchors is null ? -1 : FindAnchor(tail);
        if (_anchors is null || anchorAt >= 0)
        {
            _sink.OnLine(tail, anchorAt, LineRef.Known(_newlines + 1));
        }
    }

    /// <summary>Hands over every complete line; returns the bytes consumed.</summary>
    private int EveryLine(ReadOnlySpan<byte> window, int newDataStart)
    {
        int offset = 0;
        // the carried-over part holds no line end, so the first one is at or after newDataStart
        int search = newDataStart;
        while (true)
        {
            int end = FirstLineEnd(window, search);
            if (end < 0)
            {
                return offset;
            }
            var line = TrimCr(window[offset..end]);
            if (line.Length <= MaxLineBytes)
            {
                _sink.OnLine(line, -1, LineRef.Known(++_newlines));
            }
            else
            {
                NoteSkipped(++_newlines);
            }
            Lines = _newlines;
            offset = end + 1;
            search = offset;
        }
    }

    /// <summary>
    /// The first line end at or after <paramref name="from"/>: an LF (of LF or CRLF), or a lone CR; -1 when
    /// there is none, or only a CR that is the last byte (the byte after it decides).
    /// </summary>
    private static int FirstLineEnd(ReadOnlySpan<byte> text, int from)
    {
        int i = text[from..].IndexOfAny((byte)'\n', (byte)'\r');
        if (i < 0)
        {
            return -1;
        }
        i += from;
        if (text[i] == (byte)'\n')
        {
            return i;
        }
        return i + 1 == text.Length ? -1 : text[i + 1] == (byte)'\n' ? i + 1 : i;
    }

    /// <summary>The last line end (see <see cref="FirstLineEnd"/>), or -1.</summary>
    private static int LastLineEnd(ReadOnlySpan<byte> text)
    {
        int i = text.LastIndexOfAny((byte)'\n', (byte)'\r');
        if (i >= 0 && i == text.Length - 1 && text[i] == (byte)'\r')
        {
            // undecided; whatever ends before it is a line end (a CR there is followed by this CR)
            i = text[..i].LastIndexOfAny((byte)'\n', (byte)'\r');
        }
        return i;
    }

    /// <summary>The line end a CR or LF found at <paramref name="at"/> stands for: a CR before an LF ends its line at the LF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Resolve(ReadOnlySpan<byte> text, int at)
        => text[at] == (byte)'\r' && at + 1 < text.Length && text[at + 1] == (byte)'\n' ? at + 1 : at;

    /// <summary>
    /// Hands over the complete lines holding an anchor; returns the bytes consumed. One pass: a vector
    /// compare finds both the anchors' first bytes and the newlines, so each line's start and number are
    /// known when its anchor is found, without a search backwards or a count per line.
    /// </summary>
    internal int AnchoredLines<TSink>(ReadOnlySpan<byte> window, ref TSink sink) where TSink : struct, ILineSink
    {
        var anchors = _anchors!;
        int lastEnd = LastLineEnd(window);
        if (lastEnd < 0)
        {
            return 0; // no complete line yet
        }
        var complete = window[..(lastEnd + 1)];
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
            if (complete[hit] == (byte)'\r')
            {
                // a lone CR ends a line; one before an LF is part of a CRLF, whose LF is counted
                if (hit + 1 == complete.Length || complete[hit + 1] != (byte)'\n')
                {
                    newlines++;
                    lineStart = hit + 1;
                }
                pos = hit + 1;
                continue;
            }
            if (!anchors.StartsAt(complete, hit))
            {
                pos = hit + 1;
                continue;
            }
            // the block that held the anchor often holds the line end too; complete ends with one
            int lineEnd = newlineAfter >= 0 ? newlineAfter : FindLineEnd(complete, searchedTo);
            var line = TrimCr(complete[lineStart..lineEnd]);
            if (line.Length <= MaxLineBytes)
            {
                sink.OnLine(line, hit - lineStart, LineRef.Known(newlines + 1));
            }
            else
            {
                NoteSkipped(newlines + 1);
            }
            newlines++;
            pos = lineStart = lineEnd + 1;
        }
        _newlines = newlines;
        Lines = newlines;
        return complete.Length;
    }

    /// <summary>
    /// The position of the next byte from <paramref name="pos"/> that starts an anchor or is a CR, or -1. Newlines
    /// passed on the way are counted into <paramref name="newlines"/>, and <paramref name="lineStart"/>
    /// moves past the last of them. 32 or 16 bytes at a time, whichever the CPU does in one instruction.
    /// </summary>
    /// <param name="newlineAfter">The first line end (see <see cref="FirstLineEnd"/>) after the hit if the block that held the hit shows one, else -1.</param>
    /// <param name="searchedTo">Where a search for that line end goes on otherwise: the bytes between the hit and here hold none.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindFirstByte(LineAnchors anchors, ReadOnlySpan<byte> text, int pos, ref int lineStart, ref long newlines,
        out int newlineAfter, out int searchedTo)
    {
        ref byte start = ref MemoryMarshal.GetReference(text);
        if (Vector256.IsHardwareAccelerated)
        {
            var newline = Vector256.Create((byte)'\n');
            var cr = Vector256.Create((byte)'\r');
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
                var crs = Vector256.Equals(bytes, cr); // a CR stops the loop too: a lone one ends a line
                found |= crs;
                uint newlineBits = Vector256.Equals(bytes, newline).ExtractMostSignificantBits();
                uint candidates = found.ExtractMostSignificantBits();
                if (candidates != 0)
                {
                    int at = BitOperations.TrailingZeroCount(candidates);
                    PassNewlines(newlineBits & ((1u << at) - 1), pos, ref lineStart, ref newlines);
                    uint after = (newlineBits | crs.ExtractMostSignificantBits()) >> at; // bit 0: the hit (set when it is a CR)
                    newlineAfter = after != 0 ? Resolve(text, pos + at + BitOperations.TrailingZeroCount(after)) : -1;
                    searchedTo = pos + Vector256<byte>.Count;
                    return pos + at;
                }
                PassNewlines(newlineBits, pos, ref lineStart, ref newlines);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var newline = Vector128.Create((byte)'\n');
            var cr = Vector128.Create((byte)'\r');
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
                var crs = Vector128.Equals(bytes, cr); // a CR stops the loop too: a lone one ends a line
                found |= crs;
                uint newlineBits = Vector128.Equals(bytes, newline).ExtractMostSignificantBits();
                uint candidates = found.ExtractMostSignificantBits();
                if (candidates != 0)
                {
                    int at = BitOperations.TrailingZeroCount(candidates);
                    PassNewlines(newlineBits & ((1u << at) - 1), pos, ref lineStart, ref newlines);
                    uint after = (newlineBits | crs.ExtractMostSignificantBits()) >> at; // bit 0: the hit (set when it is a CR)
                    newlineAfter = after != 0 ? Resolve(text, pos + at + BitOperations.TrailingZeroCount(after)) : -1;
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
            else if (b == (byte)'\r' || anchors.FirstBytes.Contains(b))
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

    /// <summary>The first line end (an LF, or a lone CR) at or after <paramref name="pos"/>; the text must hold one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindLineEnd(ReadOnlySpan<byte> text, int pos)
    {
        ref byte start = ref MemoryMarshal.GetReference(text);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; pos <= text.Length - Vector256<byte>.Count; pos += Vector256<byte>.Count)
            {
                var bytes = Vector256.LoadUnsafe(ref start, (nuint)pos);
                uint bits = (Vector256.Equals(bytes, Vector256.Create((byte)'\n')) | Vector256.Equals(bytes, Vector256.Create((byte)'\r'))).ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return Resolve(text, pos + BitOperations.TrailingZeroCount(bits));
                }
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; pos <= text.Length - Vector128<byte>.Count; pos += Vector128<byte>.Count)
            {
                var bytes = Vector128.LoadUnsafe(ref start, (nuint)pos);
                uint bits = (Vector128.Equals(bytes, Vector128.Create((byte)'\n')) | Vector128.Equals(bytes, Vector128.Create((byte)'\r'))).ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return Resolve(text, pos + BitOperations.TrailingZeroCount(bits));
                }
            }
        }
        return Resolve(text, pos + text[pos..].IndexOfAny((byte)'\n', (byte)'\r'));
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
