using System.Buffers;

namespace TrainCompare.Profiles;

/// <summary>
/// RFC 4180 rows from a stream, as byte spans: each row is found whole (a quoted field may hold commas and line
/// ends) with a vectorized search for the line end and quotes, and only its first fields are split — a tt-metal row
/// has over a hundred columns, and the ones read come first. One buffer, grown only for a row longer than it.
/// </summary>
internal sealed class CsvRowReader
{
    private static readonly SearchValues<byte> LineOrQuote = SearchValues.Create("\n\""u8);
    private static readonly SearchValues<byte> CommaOrQuote = SearchValues.Create(",\""u8);

    private readonly Stream _stream;
    private readonly Action<long>? _onRead;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private long _offset; // of _buffer[0] in the stream

    public CsvRowReader(Stream stream, Action<long>? onRead)
    {
        _stream = stream;
        _onRead = onRead;
    }

    /// <summary>The row just read (without its line end).</summary>
    public ReadOnlySpan<byte> Row => _buffer.AsSpan(_rowStart, _rowLength);

    private int _rowStart;
    private int _rowLength;

    /// <summary>The 1-based number of the row just read (rows, not lines: a quoted line end stays in its row).</summary>
    public long RowNumber { get; private set; }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => _offset + _end;

    /// <summary>Reads the next row; false at the end. Empty lines are skipped.</summary>
    public bool Next()
    {
        while (true)
        {
            int scan = _start;
            bool quoted = false;
            while (true)
            {
                var rest = _buffer.AsSpan(scan, _end - scan);
                int hit = rest.IndexOfAny(LineOrQuote);
                if (hit >= 0)
                {
                    scan += hit;
                    if (_buffer[scan] == (byte)'"')
                    {
                        quoted = !quoted;
                        scan++;
                        continue;
                    }
                    if (quoted)
                    {
                        scan++;
                        continue;
                    }
                    break; // a line end outside quotes
                }
                if (_eof)
                {
                    if (_end == _start)
                    {
                        return false;
                    }
                    scan = _end; // the last row has no line end
                    break;
                }
                int done = scan - _start;
                Fill();
                scan = _start + done;
            }
            int length = scan - _start;
            _rowStart = _start;
            _rowLength = length > 0 && _buffer[_start + length - 1] == (byte)'\r' ? length - 1 : length;
            _start = Math.Min(scan + 1, _end);
            if (scan >= _end)
            {
                _start = _end;
            }
            RowNumber++;
            if (_rowLength > 0)
            {
                return true;
            }
        }
    }

    /// <summary>Moves what is left to the buffer's start (growing it when a row fills it) and reads more.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _offset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
            return;
        }
        _end += n;
        _onRead?.Invoke(n);
    }

    /// <summary>
    /// Splits the first <paramref name="fields"/>.Length fields of <paramref name="row"/> into ranges (quotes
    /// included); fields the row lacks are empty. Returns how many the row has, counted up to that length.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> row, Span<Range> fields)
    {
        int at = 0, count = 0;
        while (count < fields.Length)
        {
            int start = at;
            bool quoted = false;
            while (true)
            {
                int hit = row[at..].IndexOfAny(CommaOrQuote);
                if (hit < 0)
                {
                    at = row.Length;
                    break;
                }
                at += hit;
                if (row[at] == (byte)'"')
                {
                    quoted = !quoted;
                    at++;
                    continue;
                }
                if (quoted)
                {
                    at++;
                    continue;
                }
                break;
            }
            fields[count++] = start..at;
            if (at >= row.Length)
            {
                break;
            }
            at++; // the comma
        }
        for (int i = count; i < fields.Length; i++)
        {
            fields[i] = row.Length..row.Length;
        }
        return count;
    }

    /// <summary>A field without its quotes ("" inside stays doubled: names and numbers never hold one).</summary>
    public static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> field)
    {
        field = field.Trim((byte)' ');
        return field.Length >= 2 && field[0] == (byte)'"' && field[^1] == (byte)'"' ? field[1..^1] : field;
    }
}
