using System.IO.Compression;

namespace TrainCompare.Reading;

/// <summary>
/// Opens a log for streaming, from a file, a pipe (<c>&lt;(zcat run.log.gz)</c>, a named pipe) or standard input
/// ("-"), decompressing gzip and zstd transparently (recognized by their magic bytes, not the extension), and
/// turns every way that can fail into a <see cref="TrainCompareException"/> naming the file: missing, a
/// directory, unreadable, empty, binary.
/// </summary>
public static class InputFile
{
    /// <summary>Bytes inspected at the start of the (decompressed) text to tell text from binary.</summary>
    public const int SniffBytes = 8192;

    public const string StandardInput = "-";

    // GZipStream reads a .gz cut short as a shorter log unless this is set before its first use (the CLI's
    // runtimeconfig sets it too, in case something used compression before this class)
    static InputFile() => AppContext.SetSwitch("System.IO.Compression.UseStrictValidation", true);

    /// <summary>An open log: its stream from the first byte, and whether it is a plain file that can be followed.</summary>
    public sealed class Source(Stream stream, bool plainFile, string? compression, Func<long>? compressedBytesRead = null) : IDisposable
    {
        /// <summary>
        /// For a compressed log: how many bytes of the compressed file were read so far, the measure a progress
        /// bar over file sizes counts (the decompressed stream yields several times more); null otherwise.
        /// </summary>
        public Func<long>? CompressedBytesRead { get; } = compressedBytesRead;

        public Stream Stream { get; } = stream;

        /// <summary>A plain file: watch mode can reopen it and read what is appended.</summary>
        public bool PlainFile { get; } = plainFile;

        /// <summary>"gzip", "zstd", or null.</summary>
        public string? Compression { get; } = compression;

        public void Dispose() => Stream.Dispose();
    }

    public static Source Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == StandardInput)
        {
            return Sniff(Console.OpenStandardInput());
        }
        if (Directory.Exists(path))
        {
            throw TrainCompareException.ForFile(path, "is a directory, not a log file");
        }
        if (!File.Exists(path))
        {
            throw TrainCompareException.ForFile(path, "file not found");
        }
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (UnauthorizedAccessException)
        {
            throw TrainCompareException.ForFile(path, "permission denied");
        }
        catch (IOException e)
        {
            throw TrainCompareException.ForFile(path, $"cannot be read ({e.Message})");
        }
        return Sniff(file);
    }

    /// <summary>
    /// Looks at the first bytes for gzip's and zstd's magic. A file is then rewound; a pipe or standard input
    /// cannot be, so the bytes looked at are replayed in front of the rest. Only a regular file that can seek is
    /// a plain file (watch mode follows it; reading maps it).
    /// </summary>
    private static Source Sniff(Stream raw)
    {
        byte[] magic = new byte[4];
        int n = raw.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        Stream stream;
        if (raw.CanSeek)
        {
            raw.Position = 0;
            stream = raw;
        }
        else
        {
            stream = new Replayed(magic.AsMemory(0, n), raw);
        }
        if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            var counted = new Counting(stream);
            return new Source(new GzipInput(counted), plainFile: false, "gzip", () => counted.Count);
        }
        if (n >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
        {
            var counted = new Counting(stream);
            return new Source(new ZstdSharp.DecompressionStream(counted), plainFile: false, "zstd", () => counted.Count);
        }
        return new Source(stream, plainFile: raw is FileStream && raw.CanSeek, compression: null);
    }

    /// <summary>What the read-only streams below share: reading forward is all they do; disposing disposes what they wrap.</summary>
    private abstract class ForwardStream(Stream inner) : Stream
    {
        protected Stream Inner { get; } = inner;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public abstract override int Read(Span<byte> buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Counts the bytes read through it (the compressed bytes under a decompressor); shows the length and position
    /// of what it wraps, so <see cref="GzipInput"/> still tells a truncated file from a corrupt one.
    /// </summary>
    private sealed class Counting(Stream inner) : ForwardStream(inner)
    {
        private long _count;

        public override bool CanSeek => Inner.CanSeek;

        public override long Length => Inner.Length;

        public override long Position { get => Inner.Position; set => throw new NotSupportedException(); }

        public long Count => Interlocked.Read(ref _count);

        public override int Read(Span<byte> buffer)
        {
            int n = Inner.Read(buffer);
            Interlocked.Add(ref _count, n);
            return n;
        }
    }

    /// <summary>
    /// A gzip stream whose errors say what is wrong: truncated (the compressed bytes end before the gzip
    /// stream does) or corrupt (a CRC mismatch at the end, damaged data before it), instead of the
    /// decompressor's "unsupported compression method" for every data error.
    /// </summary>
    private sealed class GzipInput(Stream compressed) : ForwardStream(new GZipStream(new Compressed(compressed), CompressionMode.Decompress))
    {
        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                var input = (Compressed)((GZipStream)Inner).BaseStream;
                string why = input.EndSeen ? "truncated: the gzip data ends before its end marker"
                    : input.AllRead ? "corrupt: CRC mismatch (the data does not match the checksum stored with it)"
                    : "corrupt: damaged compressed data";
                throw new InvalidDataException(why, e);
            }
        }

        /// <summary>The compressed bytes, watched: whether their end was reached, and whether all were read.</summary>
        private sealed class Compressed(Stream inner) : ForwardStream(inner)
        {
            /// <summary>A read returned nothing: the decompressor asked for more than there is.</summary>
            public bool EndSeen { get; private set; }

            /// <summary>Every byte was handed to the decompressor (a file; a pipe's end is known only when seen).</summary>
            public bool AllRead => Inner.CanSeek && Inner.Position >= Inner.Length;

            public override int Read(Span<byte> buffer)
            {
                int n = Inner.Read(buffer);
                EndSeen |= n == 0 && !buffer.IsEmpty;
                return n;
            }
        }
    }

    /// <summary>A read-only stream that gives some bytes already read, then the rest of the stream they came from.</summary>
    /// <summary>A stream of <paramref name="head"/> (bytes already read from <paramref name="rest"/>), then the rest.</summary>
    internal static Stream Replay(ReadOnlyMemory<byte> head, Stream rest) => new Replayed(head, rest);

    private sealed class Replayed(ReadOnlyMemory<byte> head, Stream rest) : ForwardStream(rest)
    {
        private ReadOnlyMemory<byte> _head = head;

        public override int Read(Span<byte> buffer)
        {
            if (_head.IsEmpty)
            {
                return Inner.Read(buffer);
            }
            int n = Math.Min(buffer.Length, _head.Length);
            _head.Span[..n].CopyTo(buffer);
            _head = _head[n..];
            return n;
        }
    }

    /// <summary>Reads up to <paramref name="max"/> bytes from the start of a log (fewer when it is shorter).</summary>
    public static byte[] ReadSample(string path, Stream stream, int max)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[max];
        int n;
        try
        {
            n = stream.ReadAtLeast(buffer, max, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ZstdSharp.ZstdException)
        {
            throw TrainCompareException.ForFile(path, $"cannot be decompressed ({e.Message})");
        }
        return n == max ? buffer : buffer[..n];
    }

    /// <summary>Rejects empty and binary logs by their first bytes.</summary>
    /// <param name="whole">The sample is the whole log.</param>
    public static void CheckText(string path, ReadOnlySpan<byte> sample, bool whole)
    {
        var head = sample[..Math.Min(sample.Length, SniffBytes)];
        if (head.IsEmpty)
        {
            throw TrainCompareException.ForFile(path, "file is empty");
        }
        int nul = head.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw TrainCompareException.ForFile(path, $"is a binary file, not a text log (NUL byte at offset {nul})");
        }
        if (whole && sample.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw TrainCompareException.ForFile(path, "file is empty (only blank lines)");
        }
    }
}
