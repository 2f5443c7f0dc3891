using System.Buffers;

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
/// Streams a log through one pooled buffer and hands lines to a sink: every line, or, given
/// <see cref="LineAnchors"/>, only the lines where an anchor stands (found by a vectorized search over the
/// whole buffer; newlines are counted in bulk so line numbers stay exact). The file is never held whole
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
    private readonly LineAnchors? _anchors;
    private byte[] _buffer;
    private int _length;       // bytes in the buffer: the unfinished line carried over, then new data
    private long _newlines;    // '\n' bytes handed over (consumed) so far
    private int _countedTo;    // in anchored mode: newlines in _buffer[.._countedTo] are in _countedNewlines
    private long _countedNewlines;

    public LogScanner(ILineSink sink, LineAnchors? anchors = null, int bufferSize = DefaultBufferSize)
    {
        _sink = sink;
        _anchors = anchors;
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
            int consumed = _anchors is null ? EveryLine(start) : AnchoredLines();
            Shift(consumed);
        }
        if (final && _length > 0)
        {
            var tail = _buffer.AsSpan(0, _length);
            int anchorAt = _anchors is null ? -1 : FindAnchor(tail);
            if (_anchors is null || anchorAt >= 0)
            {
                _sink.OnLine(TrimCr(tail), anchorAt, LineRef.Known(_newlines + 1));
            }
            Lines = _newlines + 1;
            _length = 0;
        }
    }

    /// <summary>Hands over every complete line; returns the bytes consumed.</summary>
    private int EveryLine(int newDataStart)
    {
        var window = _buffer.AsSpan(0, _length);
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

    /// <summary>Hands over the complete lines holding an anchor; returns the bytes consumed.</summary>
    private int AnchoredLines()
    {
        var anchors = _anchors!;
        var window = _buffer.AsSpan(0, _length);
        int lastNl = window.LastIndexOf((byte)'\n');
        if (lastNl < 0)
        {
            return 0; // no complete line yet
        }
        var complete = window[..(lastNl + 1)];
        _countedTo = 0;
        _countedNewlines = _newlines;
        // Scan from 0: the carried-over part is an unfinished line that was not scanned before.
        int pos = 0;
        while (pos < complete.Length)
        {
            int hit = complete[pos..].IndexOfAny(anchors.FirstBytes);
            if (hit < 0)
            {
                break;
            }
            hit += pos;
            if (!anchors.StartsAt(complete, hit))
            {
                pos = hit + 1;
                continue;
            }
            int lineStart = hit == 0 || complete[hit - 1] == (byte)'\n' ? hit : complete[..hit].LastIndexOf((byte)'\n') + 1;
            int lineEnd = hit + complete[hit..].IndexOf((byte)'\n'); // complete ends with '\n'
            _sink.OnLine(TrimCr(complete[lineStart..lineEnd]), hit - lineStart, new LineRef(this, lineStart));
            pos = lineEnd + 1;
        }
        // one bulk count per read instead of one per line; LineNumberAt counts only when asked
        _newlines += complete.Count((byte)'\n');
        Lines = _newlines;
        return complete.Length;
    }

    /// <summary>The number of the line starting at <paramref name="offset"/> in the buffer (anchored mode).</summary>
    internal long LineNumberAt(int offset)
    {
        if (offset < _countedTo)
        {
            _countedTo = 0;
            _countedNewlines = _newlines;
        }
        _countedNewlines += _buffer.AsSpan(_countedTo, offset - _countedTo).Count((byte)'\n');
        _countedTo = offset;
        return _countedNewlines + 1;
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line)
        => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
