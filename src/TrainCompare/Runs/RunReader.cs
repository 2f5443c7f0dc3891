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
    private Action<long>? _onRead; // for a compressed log, counts its compressed bytes
    private ILogFormat _format = null!;
    private ParsedLog _parsed = null!;
    private ILineParser _parser = null!;
    private LogScanner _scanner = null!;
    private FileIdentity _identity;
    private IReadOnlyList<Finding> _readNotes = []; // ranks seen, a close call between formats
    private bool _followable;
    private Run? _fixed; // a whole-file format (TensorBoard): read whole, once

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
        var fileFormat = spec.Path == InputFile.StandardInput && spec.Format is null ? null : LogFormats.FileFormatFor(spec.Path, spec.Format);
        if (fileFormat is not null)
        {
            var notes = new List<Finding>();
            var parsed = fileFormat.Read(spec.Path, spec.FormatOptions, notes);
            reader._fixed = RunLoader.Build(spec, fileFormat.Name, parsed).WithNotes(notes);
            return reader;
        }
        using var source = InputFile.Open(spec.Path);
        reader._followable = follow && source.PlainFile;
        if (onRead is not null && source.CompressedBytesRead is { } compressed)
        {
            reader._onRead = CompressedProgress(compressed, onRead);
        }
        reader.Start(source.Stream);
        return reader;
    }

    /// <summary>
    /// Progress of a compressed log in its compressed bytes, so it adds up to the file's size as a bar over
    /// file sizes expects: each report from the scanner (of decompressed bytes) is replaced by the compressed
    /// bytes read since the last one.
    /// </summary>
    private static Action<long> CompressedProgress(Func<long> compressedBytesRead, Action<long> onRead)
    {
        long reported = 0;
        return _ =>
        {
            long now = compressedBytesRead();
            if (now > reported)
            {
                onRead(now - reported);
                reported = now;
            }
        };
    }

    /// <summary>
    /// Reads the log from its first byte: a sample for the checks and detection, then the sample and the rest
    /// through the scanner (so nothing is read twice and nothing needs to rewind: stdin and compressed logs
    /// work the same). On an error the reader keeps what it had.
    /// </summary>
    private void Start(Stream stream)
    {
        var identity = stream is FileStream opened ? FileIdentity.Of(opened) : default;
        // a file read once must still be as long at the end: one cut short while it is read (a new run writing
        // '> run.log', logrotate's copytruncate) would otherwise be a shorter run, silently
        long lengthAtOpen = !_follow && stream is FileStream { CanSeek: true } plain ? plain.Length - plain.Position : -1;
        var sample = InputFile.ReadSample(Spec.Path, stream, LogFormats.DetectionSampleBytes);
        bool whole = sample.Length < LogFormats.DetectionSampleBytes;
        InputFile.CheckText(Spec.Path, sample, whole);
        var detection = LogFormats.Detect(Spec.Path, sample, whole, stream.CanSeek ? stream.Length : null,
            Spec.Custom ?? (Spec.Format is { } name ? LogFormats.Find(name) : null));
        var ranks = RankFilter.RanksIn(sample);
        int? rank = null;
        Finding? rankNote = null;
        if (ranks.Count > 0 || Spec.Rank is not null)
        {
            rank = Spec.Rank ?? ranks.Min;
            if (Spec.Rank is { } chosen && ranks.Count > 0 && !ranks.Contains(chosen))
            {
                throw TrainCompareException.ForFile(Spec.Path, $"--rank {chosen}: the log shows ranks {string.Join(", ", ranks)}");
            }
            rankNote = ranks.Count > 1
                ? Finding.Info("read.ranks", $"ranks {string.Join(", ", ranks)} in this log; reading rank {rank} (--rank picks another)")
                : null;
        }
        // a detected format that reads no loss and no step time from the whole log would end the run: the next
        // best is read instead, when the log can be read again (it is all in the sample, or the file can seek)
        bool mayFallBack = !_follow && Spec.Custom is null && Spec.Format is null && (whole || stream.CanSeek);
        long afterSample = stream.CanSeek ? stream.Position : -1;
        var format = detection.Format;
        var passedOver = new List<string>();
        while (true)
        {
            var (parsed, parser, scanner) = Read(format, detection.ExpectedObservations, rank, stream, sample, whole, lengthAtOpen);
            if (parsed.HasLossOrStepTime || !mayFallBack || passedOver.Count >= detection.Alternatives.Count)
            {
                if (passedOver.Count > 0 && !parsed.HasLossOrStepTime)
                {
                    scanner.Dispose();
                    throw TrainCompareException.ForFile(Spec.Path, $"no loss or step time values found in its {passedOver[0]} lines "
                        + $"(nor read as {string.Join(", ", [.. passedOver.Skip(1), format.Name])})");
                }
                var formatNote = passedOver.Count > 0
                    ? Finding.Warning("read.format-passed-over", LogFormats.PassedOverNote(string.Join(", ", passedOver), "more lines", format.Name))
                    : detection.CloseCall is { } close ? Finding.Info("read.format-close-call", close) : null;
                _identity = identity;
                _readNotes = new[] { rankNote, formatNote }.OfType<Finding>().ToArray();
                _scanner?.Dispose();
                (_format, _parsed, _parser, _scanner) = (format, parsed, parser, scanner);
                return;
            }
            scanner.Dispose();
            passedOver.Add(format.Name);
            format = detection.Alternatives[passedOver.Count - 1];
            if (!whole)
            {
                stream.Position = afterSample;
            }
        }
    }

    /// <summary>The sample and the rest of the stream through one format's parser (behind the rank filter when there are ranks).</summary>
    private (ParsedLog Parsed, ILineParser Parser, LogScanner Scanner) Read(ILogFormat format, int expected, int? rank, Stream stream,
        byte[] sample, bool whole, long lengthAtOpen)
    {
        var parsed = new ParsedLog(expected);
        var parser = format.CreateParser(parsed);
        var anchors = format.Anchors;
        if (Spec.ExtraMetrics.Count > 0)
        {
            parser = new ExtraMetricsParser(parser, parsed, Spec.ExtraMetrics);
            anchors = null; // the user's metrics may stand on any line
        }
        ILineSink sink = rank is { } r ? new RankFilter(parser, r) : parser;
        var scanner = new LogScanner(sink, anchors);
        try
        {
            scanner.Feed(sample, final: whole && !_follow, onRead: _onRead);
            if (!whole)
            {
                // read(), not a memory map: a mapped file that another process truncates ends this one with SIGBUS
                // (docs/benchmarks.md, "Reading from the page cache")
                scanner.Feed(stream, final: !_follow, onRead: _onRead);
            }
            if (scanner.BytesRead < lengthAtOpen)
            {
                throw TrainCompareException.ForFile(Spec.Path, $"was cut short while it was read ({lengthAtOpen} bytes when opened, "
                    + $"only {scanner.BytesRead} by the end): another process truncated it (a new run writing to it, logrotate's "
                    + "copytruncate); read it again once it is complete");
            }
            return (parsed, parser, scanner);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
        {
            scanner.Dispose();
            throw TrainCompareException.ForFile(Spec.Path, $"cannot be decompressed ({e.Message})");
        }
        catch
        {
            scanner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads what was appended since the last read; returns true when it completed new lines. A file that
    /// was truncated or replaced is read again from the start (and must again be a log).
    /// </summary>
    public bool Refresh()
    {
        if (!_followable || _fixed is not null)
        {
            return false; // standard input, compressed logs and TensorBoard files are read once
        }
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
            var identity = FileIdentity.Of(stream);
            if (identity.Differs(_identity) || stream.Length < _scanner.BytesRead)
            {
                if (stream.Length == 0)
                {
                    return false; // truncated and not written yet
                }
                Start(stream); // throws if it is not a log (yet): the watcher keeps what it had
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
    public Run ToRun() => _fixed ?? RunLoader.Build(Spec, _format.Name, _parsed, _parser).WithNotes([.. _readNotes, .. ScannerNotes()]);

    /// <summary>What the scanner skipped: lines too long to read.</summary>
    private IEnumerable<Finding> ScannerNotes()
    {
        long skipped = _scanner.SkippedLines;
        if (skipped > 0)
        {
            yield return Finding.Warning("read.long-lines-skipped", skipped == 1
                ? $"skipped a line longer than {LogScanner.MaxLineBytes >> 20} MiB (line {_scanner.FirstSkippedLine}): lines that long are not read"
                : $"skipped {skipped} lines longer than {LogScanner.MaxLineBytes >> 20} MiB (the first at line {_scanner.FirstSkippedLine}): lines that long are not read")
                .With(("lines", skipped), ("firstLine", _scanner.FirstSkippedLine));
        }
    }

    public long BytesRead => _scanner?.BytesRead ?? 0;

    public void Dispose() => _scanner?.Dispose();

    /// <summary>
    /// Tells a replaced file from the same file grown: its device and inode (<see cref="FileId"/>), and the
    /// start of its content. Not a time stamp: every append moves the status-change time, which is what .NET
    /// reports as the creation time on Linux without a birth time, and each append was taken for a new file.
    /// </summary>
    private readonly record struct FileIdentity(FileId? Id, ulong Head)
    {
        public static FileIdentity Of(FileStream stream)
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
            return new FileIdentity(FileId.Of(stream.SafeFileHandle), n < head.Length ? 0 : hash);
        }

        /// <summary>Another inode, or other first bytes (a file still shorter than the fingerprint is not compared by them).</summary>
        public bool Differs(FileIdentity other)
            => (Id is { } id && other.Id is { } was && id != was) || (Head != 0 && other.Head != 0 && Head != other.Head);
    }
}
