using System.Buffers;

namespace TrainCompare.Reading;

/// <summary>Receives the lines of a stream, one at a time, as UTF-8 bytes without the line end.</summary>
public interface ILineSink
{
    /// <param name="line">The line's bytes, without '\n' or a trailing '\r'. Valid only during the call.</param>
    /// <param name="lineNumber">1-based line number in the file.</param>
    void OnLine(ReadOnlySpan<byte> line, long lineNumber);
}

/// <summary>
/// Streams a file's lines through a pooled buffer: the file is never held whole in memory and no string is
/// made per line. Handles LF and CRLF, a last line with no line end, and lines longer than the buffer.
/// </summary>
public static class LineReader
{
    public const int DefaultBufferSize = 1 << 20;

    /// <summary>Reads every line of <paramref name="stream"/> into <paramref name="sink"/>; returns the line count.</summary>
    public static long ReadLines(Stream stream, ILineSink sink, int bufferSize = DefaultBufferSize)
        => ReadLines(stream, sink, long.MaxValue, bufferSize);

    /// <summary>As <see cref="ReadLines(Stream, ILineSink, int)"/>, stopping after about <paramref name="maxBytes"/>.</summary>
    public static long ReadLines(Stream stream, ILineSink sink, long maxBytes, int bufferSize = DefaultBufferSize)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        long lineNumber = 0;
        long consumed = 0;
        try
        {
            int start = 0, end = 0;
            while (true)
            {
                // Move the unfinished tail to the front, growing the buffer when one line fills it.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                else if (end == buffer.Length)
                {
                    byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read = consumed >= maxBytes ? 0 : stream.Read(buffer, end, buffer.Length - end);
                consumed += read;
                if (read == 0)
                {
                    if (end > start)
                    {
                        sink.OnLine(TrimCr(buffer.AsSpan(start, end - start)), ++lineNumber);
                    }
                    return lineNumber;
                }
                end += read;
                ReadOnlySpan<byte> window = buffer.AsSpan(start, end - start);
                int offset = 0;
                while (true)
                {
                    int nl = window[offset..].IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        break;
                    }
                    sink.OnLine(TrimCr(window.Slice(offset, nl)), ++lineNumber);
                    offset += nl + 1;
                }
                start += offset;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line)
        => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
