namespace TrainCompare.Reports;

/// <summary>
/// An append to a file the user owns (the GitHub job summary) that can be taken back: the file cut to its old
/// length (<see cref="Length"/> -1 when that cannot be known).
/// </summary>
internal sealed record AppendedFile(string Path, long Length)
{
    /// <summary>Fails, before anything is written, when <paramref name="path"/> cannot be appended to (a directory, no permission).</summary>
    public static void CheckAppendable(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new IOException("is a directory");
            }
            if (File.Exists(path))
            {
                using var probe = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotAppend(path, e);
        }
    }

    /// <summary>
    /// Appends in one write, so a concurrent step's summary is never interleaved with this one; a write that
    /// fails part way (a full disk) is cut back off.
    /// </summary>
    public static AppendedFile Append(string path, string text)
    {
        long length = -1;
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            length = stream.CanSeek ? stream.Length : -1;
            stream.Write(System.Text.Encoding.UTF8.GetBytes("\n" + text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            new AppendedFile(path, length).Undo();
            throw CannotAppend(path, e);
        }
        return new AppendedFile(path, length);
    }

    public void Undo()
    {
        if (Length < 0)
        {
            return;
        }
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.SetLength(Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the error that made us undo is the one reported
        }
    }

    private static TrainCompareException CannotAppend(string path, Exception e) =>
        new($"$GITHUB_STEP_SUMMARY {path}: cannot be appended to ({e.Message})");
}
