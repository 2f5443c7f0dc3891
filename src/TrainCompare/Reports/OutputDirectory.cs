using System.Text.RegularExpressions;

namespace TrainCompare.Reports;

/// <summary>
/// Where outputs go. Every file name gets the sanitized --file-prefix, so a prefix can never leave the
/// directory; files are written to a temporary name and renamed into place, so an interrupted run never
/// leaves a half-written file where the user had a good one.
/// </summary>
public sealed partial class OutputDirectory
{
    private readonly List<(string Temp, string Final)> _staged = [];

    public OutputDirectory(string path, string filePrefix)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        FilePrefix = SanitizePrefix(filePrefix ?? "");
    }

    public string Path { get; }
    public string FilePrefix { get; }

    /// <summary>Any character other than a letter, digit, '.', '_' or '-' becomes '_' (as the old script did).</summary>
    public static string SanitizePrefix(string prefix) => UnsafeChars().Replace(prefix, "_");

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeChars();

    /// <summary>The full path of an output file named <paramref name="name"/> (without prefix).</summary>
    public string FileFor(string name) => System.IO.Path.Combine(Path, FilePrefix + name);

    /// <summary>Creates the directory, or explains in one line why it cannot be used.</summary>
    public void Create()
    {
        if (File.Exists(Path))
        {
            throw new TrainCompareException($"--output-dir {Path}: is a file, not a directory");
        }
        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrainCompareException($"--output-dir {Path}: cannot be created ({e.Message})");
        }
    }

    /// <summary>Writes <paramref name="content"/> under a temporary name; <see cref="Commit"/> puts it in place.</summary>
    public string Stage(string name, ReadOnlySpan<byte> content)
    {
        var bytes = content.ToArray();
        return Stage(name, stream => stream.Write(bytes));
    }

    /// <summary>
    /// Lets <paramref name="write"/> stream a file under a temporary name (for outputs too large to hold in
    /// memory); <see cref="Commit"/> puts it in place.
    /// </summary>
    public string Stage(string name, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string final = FileFor(name);
        string temp = System.IO.Path.Combine(Path, $".{FilePrefix}{name}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            Abort();
            throw new TrainCompareException($"{final}: cannot be written ({e.Message})");
        }
        _staged.Add((temp, final));
        return final;
    }

    /// <summary>Renames every staged file into place.</summary>
    public void Commit()
    {
        foreach (var (temp, final) in _staged)
        {
            try
            {
                File.Move(temp, final, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Abort();
                throw new TrainCompareException($"{final}: cannot be written ({e.Message})");
            }
        }
        _staged.Clear();
    }

    /// <summary>Deletes every staged file that was not committed.</summary>
    public void Abort()
    {
        foreach (var (temp, _) in _staged)
        {
            TryDelete(temp);
        }
        _staged.Clear();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: a stray temporary file is harmless
        }
    }
}
