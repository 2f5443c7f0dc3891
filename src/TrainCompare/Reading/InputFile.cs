namespace TrainCompare.Reading;

/// <summary>
/// Opens a log file for streaming and turns every way that can fail into a
/// <see cref="TrainCompareException"/> naming the file: missing, a directory, unreadable, empty, binary.
/// </summary>
public static class InputFile
{
    /// <summary>Bytes inspected at the start of a file to tell text from binary.</summary>
    public const int SniffBytes = 8192;

    public static FileStream Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw TrainCompareException.ForFile(path, "is a directory, not a log file");
        }
        if (!File.Exists(path))
        {
            throw TrainCompareException.ForFile(path, "file not found");
        }
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
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
        try
        {
            CheckLooksLikeText(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return stream;
    }

    /// <summary>True when the stream's first bytes look like a non-empty text log; leaves it at offset 0.</summary>
    public static bool LooksLikeText(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            CheckLooksLikeText("", stream);
            return true;
        }
        catch (TrainCompareException)
        {
            return false;
        }
    }

    /// <summary>Rejects empty and binary files by their first bytes; leaves the stream at offset 0.</summary>
    private static void CheckLooksLikeText(string path, Stream stream)
    {
        Span<byte> head = stackalloc byte[SniffBytes];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        head = head[..n];
        if (head.IsEmpty)
        {
            throw TrainCompareException.ForFile(path, "file is empty");
        }
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        {
            throw TrainCompareException.ForFile(path, "is gzip-compressed; decompress it first (gunzip -k)");
        }
        if (head.Length >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
        {
            throw TrainCompareException.ForFile(path, "is zstd-compressed; decompress it first (zstd -d)");
        }
        int nul = head.IndexOf((byte)0);
        if (nul >= 0)
        {
            throw TrainCompareException.ForFile(path, $"is a binary file, not a text log (NUL byte at offset {nul})");
        }
        if (head.IndexOfAnyExcept(" \t\r\n"u8) < 0 && stream.Length <= head.Length)
        {
            throw TrainCompareException.ForFile(path, "file is empty (only blank lines)");
        }
    }
}
