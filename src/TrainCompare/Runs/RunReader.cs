using TrainCompare.Formats;
using TrainCompare.Reading;

namespace TrainCompare.Runs;

/// <summary>
/// Reads one run's log, and keeps reading it as it grows (watch mode): only appended bytes are read;
/// a file that was truncated or replaced is read again from the start.
/// </summary>
public sealed class RunReader : IDisposable
{
    private readonly bool _follow;
    private readonly Action<long>? _onRead;
    private ILogFormat _format = null!;
    private ParsedLog _parsed = null!;
    private ILineParser _parser = null!;
    private LogScanner _scanner = null!;
    private FileIdentity _identity;
    private string? _closeCall;

    private RunReader(RunSpec spec, bool follow, Action<long>? onRead)
    {
        Spec = spec;
        _follow = follow;
        _onRead = onRead;
    }

    public RunSpec Spec { get; }

    /// <summary>How many times the file was found truncated or replaced and read again.</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// Opens and reads the whole file. With <paramref name="follow"/>, a last line without a line end is kept
    /// back (it may still be being written) and <see cref="Refresh"/> reads what is appended later.
    /// </summary>
    /// <param name="onRead">Called with the number of bytes of each read, for progress.</param>
    public static RunReader Open(RunSpec spec, bool follow = false, Action<long>? onRead = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var reader = new RunReader(spec, follow, onRead);
        using var stream = InputFile.Open(spec.Path);
        reader.Start(stream);
        return reader;
    }

    /// <summary>Reads the file from the start; on an error the reader keeps what it had.</summary>
    private void Start(FileStream stream)
    {
        var detection = LogFormats.Detect(Spec.Path, stream, Spec.Format is { } name ? LogFormats.Find(name) : null);
        _closeCall = detection.CloseCall;
        var parsed = new ParsedLog(detection.ExpectedObservations);
        var parser = detection.Format.CreateParser(parsed);
        var scanner = new LogScanner(parser, detection.Format.Anchors);
        try
        {
            var identity = FileIdentity.Of(Spec.Path, stream);
            scanner.Feed(stream, final: !_follow, onRead: _onRead);
            _identity = identity;
        }
        catch
        {
            scanner.Dispose();
            throw;
        }
        _scanner?.Dispose();
        (_format, _parsed, _parser, _scanner) = (detection.Format, parsed, parser, scanner);
    }

    /// <summary>
    /// Reads what was appended since the last read; returns true when it completed new lines. A file that
    /// was truncated or replaced is read again from the start (and must again be a log).
    /// </summary>
    public bool Refresh()
    {
        FileStream stream;
        try
        {
            stream = new FileStream(Spec.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // being replaced right now: try again next time
        }
        using (stream)
        {
            var identity = FileIdentity.Of(Spec.Path, stream);
            if (identity.Differs(_identity) || stream.Length < _scanner.BytesRead)
            {
                if (stream.Length == 0)
                {
                    return false; // truncated and not written yet
                }
                if (!InputFile.LooksLikeText(stream))
                {
                    return false; // not readable as a log yet (being written?): keep what we had
                }
                Start(stream);
                Restarts++;
                return true;
            }
            if (stream.Length == _scanner.BytesRead)
            {
                return false;
            }
            stream.Position = _scanner.BytesRead;
            long lines = _scanner.Lines;
            _scanner.Feed(stream, final: false, onRead: _onRead);
            return _scanner.Lines > lines; // a line still being written is not news yet
        }
    }

    /// <summary>The run as read so far.</summary>
    public Run ToRun()
    {
        var run = RunLoader.Build(Spec, _format.Name, _parsed, _parser);
        return _closeCall is null ? run : new Run(run.Label, run.Files, run.Format, run.SeriesByMetric, [_closeCall, .. run.Warnings]);
    }

    public long BytesRead => _scanner.BytesRead;

    public void Dispose() => _scanner?.Dispose();

    /// <summary>Tells a replaced file from the same file grown: creation time and the start of its content.</summary>
    private readonly record struct FileIdentity(DateTime Created, ulong Head)
    {
        public static FileIdentity Of(string path, FileStream stream)
        {
            long pos = stream.Position;
            Span<byte> head = stackalloc byte[64];
            stream.Position = 0;
            int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            stream.Position = pos;
            ulong hash = 14695981039346656037UL;
            foreach (byte b in head[..n])
            {
                hash = (hash ^ b) * 1099511628211UL;
            }
            return new FileIdentity(File.GetCreationTimeUtc(path), n < head.Length ? 0 : hash);
        }

        /// <summary>A file still shorter than the fingerprint is compared by creation time only.</summary>
        public bool Differs(FileIdentity other)
            => Created != other.Created || (Head != 0 && other.Head != 0 && Head != other.Head);
    }
}
