using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TrainCompare.Reports;

/// <summary>
/// Where outputs go, as one transaction: every output is planned and checked (<see cref="Plan"/>) before
/// anything is written, then written to a temporary file (<see cref="Stage(string, Action{Stream})"/>) and
/// renamed into place only when all of them were written (<see cref="Commit"/>); any failure removes every
/// staged file (<see cref="Abort"/>), so an interrupted or failed run never leaves a half-written file
/// where the user had a good one. Every file name gets the sanitized --file-prefix, so a prefix can never
/// leave the directory.
/// </summary>
/// <remarks>
/// Temporary files are named <c>.traincmp-PID-RANDOM.tmp</c> (RANDOM: 16 hex digits from a cryptographic
/// generator) next to their final file and created exclusively (O_CREAT | O_EXCL): an existing file or a
/// planted symbolic link under that name makes the creation fail instead of being followed. The fixed
/// length also means a temporary name is never longer than the file systems allow. A run that is killed
/// leaves its temporary files behind; the next run that writes to the directory removes those whose
/// process is no longer running, or that are older than <see cref="StaleAfter"/> (a process id reused by
/// another program), and nothing else.
/// </remarks>
public sealed partial class OutputDirectory
{
    /// <summary>The longest file name (in UTF-8 bytes) that Linux, macOS and Windows file systems all take.</summary>
    public const int MaxFileNameBytes = 255;

    /// <summary>A temporary file this old is stale even when its process id is running again.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(24);

    private readonly List<(string Temp, string Final)> _staged = [];
    private readonly HashSet<string> _planned = new(StringComparer.Ordinal);

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

    /// <summary>The tool's temporary file names, and only those: <c>.traincmp-PID-RANDOM.tmp</c>.</summary>
    [GeneratedRegex("^\\.traincmp-(?<pid>[1-9][0-9]{0,9})-[0-9a-f]{16}\\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TempName();

    /// <summary>A fresh temporary file name of this process: unpredictable, and of a fixed length.</summary>
    public static string NewTempName() =>
        $".traincmp-{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(16, lowercase: true)}.tmp";

    /// <summary>Whether <paramref name="fileName"/> is one of the tool's temporary files (of any process).</summary>
    public static bool IsTempName(string fileName) => TempName().IsMatch(fileName);

    /// <summary>The full path of an output file named <paramref name="name"/> (without prefix).</summary>
    public string FileFor(string name) => System.IO.Path.Combine(Path, FilePrefix + name);

    /// <summary>
    /// Checks, before anything is written, that each output (names in this directory, and
    /// <paramref name="others"/>: full paths elsewhere, such as the JSON report) can be written: a file name
    /// the file systems take, no directory in the way, no two outputs on one file.
    /// </summary>
    public void Plan(IEnumerable<string> names, params string[] others)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(others);
        CheckDirectory(Path, "--output-dir");
        foreach (string final in names.Select(FileFor).Concat(others))
        {
            CheckFileName(final, final);
            if (Directory.Exists(final))
            {
                throw new TrainCompareException($"{final}: is a directory, so the output cannot be written there");
            }
            if (!_planned.Add(System.IO.Path.GetFullPath(final)))
            {
                throw new TrainCompareException($"{final}: two outputs would be written to this one file");
            }
        }
    }

    /// <summary>Throws, naming <paramref name="what"/>, when the file name of <paramref name="path"/> is too long for a file system.</summary>
    public static void CheckFileName(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        int bytes = Encoding.UTF8.GetByteCount(System.IO.Path.GetFileName(path));
        if (bytes > MaxFileNameBytes)
        {
            throw new TrainCompareException($"{what}: file name too long ({bytes} bytes; file systems take at most {MaxFileNameBytes})");
        }
    }

    /// <summary>Creates the directory (and removes stale temporary files from it), or explains in one line why it cannot be used.</summary>
    public void Create() => CreateDirectory(Path, "--output-dir");

    /// <summary>
    /// Creates <paramref name="directory"/> for the outputs that <paramref name="option"/> names, and removes
    /// the stale temporary files of killed runs from it.
    /// </summary>
    public static void CreateDirectory(string directory, string option)
    {
        CheckDirectory(directory, option);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrainCompareException($"{option} {directory}: cannot be created ({e.Message})");
        }
        RemoveStaleTempFiles(directory);
    }

    private static void CheckDirectory(string directory, string option)
    {
        if (File.Exists(directory))
        {
            throw new TrainCompareException($"{option} {directory}: is a file, not a directory");
        }
    }

    /// <summary>
    /// Deletes the temporary files that killed runs left in <paramref name="directory"/>: regular files
    /// named exactly as the tool names them whose process is not running, or that are older than
    /// <see cref="StaleAfter"/>. Another running traincmp's files are left alone; so is everything else.
    /// </summary>
    /// <returns>How many were deleted.</returns>
    public static int RemoveStaleTempFiles(string directory, DateTime? nowUtc = null)
    {
        DateTime now = nowUtc ?? DateTime.UtcNow;
        int removed = 0;
        IEnumerable<FileInfo> candidates;
        try
        {
            candidates = new DirectoryInfo(directory).EnumerateFiles(".traincmp-*.tmp").ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // best effort: the run itself will say if the directory cannot be used
        }
        foreach (var file in candidates)
        {
            var match = TempName().Match(file.Name);
            if (!match.Success || file.LinkTarget is not null || (file.Attributes & FileAttributes.ReparsePoint) != 0
                || !int.TryParse(match.Groups["pid"].ValueSpan, out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            if ((!IsRunning(pid) || now - file.LastWriteTimeUtc > StaleAfter) && TryDelete(file.FullName))
            {
                removed++;
            }
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return e is System.ComponentModel.Win32Exception; // exists, but we may not look at it
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
    public string Stage(string name, Action<Stream> write) => StageFile(FileFor(name), write);

    /// <summary>Stages a file at any path (its temporary file goes next to it, so the rename stays on one file system).</summary>
    public string StageFile(string final, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(write);
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(final))!;
        string temp = System.IO.Path.Combine(directory, NewTempName());
        FileStream stream;
        try
        {
            stream = CreateExclusive(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Abort();
            throw new TrainCompareException($"{final}: cannot be written ({e.Message})");
        }
        _staged.Add((temp, final));
        try
        {
            using (stream)
            {
                write(stream);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Abort();
            throw new TrainCompareException($"{final}: cannot be written ({e.Message})");
        }
        return final;
    }

    /// <summary>
    /// Creates a new file, failing when anything — a file, a directory, a symbolic link, dangling or not —
    /// already has that name (O_CREAT | O_EXCL: a link is never followed).
    /// </summary>
    internal static FileStream CreateExclusive(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);

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

    /// <summary>Deletes every staged file that was not committed (none after <see cref="Commit"/>).</summary>
    public void Abort()
    {
        foreach (var (temp, _) in _staged)
        {
            TryDelete(temp);
        }
        _staged.Clear();
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // best effort: a stray temporary file is harmless, and the next run removes it
        }
    }
}
