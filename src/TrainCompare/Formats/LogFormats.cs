using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>The known formats, and detection of a file's format from a sample of its first lines.</summary>
public static class LogFormats
{
    /// <summary>Bytes of a file's start read to detect its format.</summary>
    public const int DetectionSampleBytes = 4 << 20;

    /// <summary>
    /// Detection tries every format on every line, which costs ~50 ms a MiB: it first looks at this much of
    /// the sample, and at all of it only when this part holds fewer than <see cref="ConfidentLines"/> lines
    /// that the best format recognizes (a long preamble, a sparse log).
    /// </summary>
    public const int FirstDetectionBytes = 256 << 10;

    public const int ConfidentLines = 32;

    /// <summary>
    /// Formats that recognized at least this share of the most lines any format recognized read the same lines:
    /// of them, the one that explains more of each line (the most values read per recognized line) is preferred.
    /// </summary>
    public const double SameLinesShare = 0.9;

    /// <summary>Every format, in the order detection tries them.</summary>
    public static IReadOnlyList<ILogFormat> All { get; } =
        [TtTrainFormat.Instance, NanoGptFormat.Instance, LlmcFormat.Instance, MegatronFormat.Instance, TorchTitanFormat.Instance,
            ModdedNanoGptFormat.Instance, KerasFormat.Instance, MlxLmFormat.Instance, FairseqFormat.Instance,
            JsonLinesFormat.Instance, CsvFormat.Instance, HuggingFaceFormat.Instance,
            Llama2cFormat.Instance, LlmsFromScratchFormat.Instance, LitGptFormat.Instance, LightningFormat.Instance, TorchtuneFormat.Instance, OlmoFormat.Instance];

    /// <summary>The formats read from whole files (tried first, on the paths they handle).</summary>
    public static IReadOnlyList<IFileFormat> FileFormats { get; } = [TensorBoard.TensorBoardReader.Instance];

    /// <summary>Every format's name, as --format takes them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name), .. FileFormats.Select(f => f.Name)];

    /// <summary>Every option any format takes.</summary>
    public static IReadOnlyList<FormatOption> Options { get; } = [.. FileFormats.SelectMany(f => f.Options)];

    public static IFileFormat? FindFileFormat(string name)
        => FileFormats.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The whole-file format that reads <paramref name="path"/>: the one --format named (which must handle it), or
    /// with no --format the first that handles it; null for a line format.
    /// </summary>
    public static IFileFormat? FileFormatFor(string path, string? chosen)
    {
        if (chosen is not null)
        {
            var named = FindFileFormat(chosen);
            if (named is not null && !named.Reads(path))
            {
                throw TrainCompareException.ForFile(path, $"--format {named.Name}: not {named.Accepts}");
            }
            return named;
        }
        return FileFormats.FirstOrDefault(f => f.Reads(path));
    }

    public static ILogFormat? Find(string name)
        => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Ranks the formats on the first <see cref="FirstDetectionBytes"/> (or, when
    /// they are not enough to be sure, <see cref="DetectionSampleBytes"/>) of
    /// <paramref name="stream"/>, and rewinds it; see <see cref="Order"/> for the ranking. Throws, naming the file,
    /// the formats tried and its first non-empty line, when none recognizes any.
    /// </summary>
    /// <param name="only">A format the user chose (--format): only it is tried.</param>
    public static Detection Detect(string path, Stream stream, ILogFormat? only = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var sample = Reading.InputFile.ReadSample(path, stream, DetectionSampleBytes);
        stream.Position = 0;
        return Detect(path, sample, sample.Length < DetectionSampleBytes, stream.Length, only);
    }

    /// <summary>Detection on the first bytes of a log, read once (for streams that cannot rewind).</summary>
    /// <param name="whole">The sample is the whole log.</param>
    /// <param name="totalBytes">The log's size when known, to estimate how many observations it holds.</param>
    public static Detection Detect(string path, byte[] sample, bool whole, long? totalBytes, ILogFormat? only = null)
        => DetectAmong(path, sample, whole, totalBytes, only is null ? All : [only], only);

    /// <summary>Detection among <paramref name="tried"/> (tests rank formats of their own).</summary>
    internal static Detection DetectAmong(string path, byte[] sample, bool whole, long? totalBytes, IReadOnlyList<ILogFormat> tried, ILogFormat? only = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        // unknown length (compressed, stdin): guess, and grow as needed
        long total = whole ? sample.Length : totalBytes ?? sample.Length * 4L;
        if (sample.Length > FirstDetectionBytes)
        {
            var (first, _) = Rank(sample, FirstDetectionBytes, final: false, tried);
            if (first[0].Recognized >= ConfidentLines)
            {
                return Choose(first, FirstDetectionBytes, total);
            }
        }
        var (ranked, sampler) = Rank(sample, sample.Length, whole, tried);
        if (ranked[0].Recognized == 0)
        {
            string names = string.Join(", ", tried.Select(f => f.Name));
            string first = sampler.FirstNonEmptyLine is { } l ? $"; first non-empty line: \"{Shorten(l)}\"" : "";
            throw TrainCompareException.ForFile(path, only is null
                ? $"no recognizable step lines (formats tried: {names}){first}"
                : $"no {only.Name} step lines (chosen with --format){first}");
        }
        return Choose(ranked, sample.Length, total);
    }

    /// <summary>Every candidate run on the first <paramref name="length"/> bytes, the one that recognized most lines first.</summary>
    private static (Candidate[] Ranked, SampleSink Sampler) Rank(byte[] sample, int length, bool final, IReadOnlyList<ILogFormat> tried)
    {
        var candidates = tried.Select(f => new Candidate(f)).ToArray();
        var sampler = new SampleSink(candidates);
        using (var scanner = new LogScanner(sampler))
        using (var memory = new MemoryStream(sample, 0, length, writable: false))
        {
            scanner.Feed(memory, final);
        }
        return (Order(candidates), sampler);
    }

    /// <summary>
    /// The ranking, best first (ties keep the order of <see cref="All"/>): formats that read some loss or step
    /// time from the sample before those that read none (a format whose lines hold neither would end the run:
    /// the next best is taken instead); within each, by lines recognized, except that of the formats reading the
    /// same lines (at least <see cref="SameLinesShare"/> of the most) the one reading the most values per
    /// recognized line comes first: when two formats read the same lines differently, the one that explains more
    /// of each line. Formats that recognized nothing come last.
    /// </summary>
    private static Candidate[] Order(Candidate[] candidates)
    {
        var recognized = candidates.Where(c => c.Recognized > 0).ToArray();
        return [.. ByLines(recognized.Where(c => c.Output.HasLossOrStepTime).ToArray()),
            .. ByLines(recognized.Where(c => !c.Output.HasLossOrStepTime).ToArray()),
            .. candidates.Where(c => c.Recognized == 0)];

        static IEnumerable<Candidate> ByLines(Candidate[] group)
        {
            if (group.Length == 0)
            {
                return [];
            }
            double same = SameLinesShare * group.Max(c => c.Recognized);
            return group.Where(c => c.Recognized >= same).OrderByDescending(c => c.ValuesPerLine).ThenByDescending(c => c.Recognized)
                .Concat(group.Where(c => c.Recognized < same).OrderByDescending(c => c.Recognized));
        }
    }

    private static Detection Choose(Candidate[] ranked, long sampled, long total)
    {
        var best = ranked[0];
        var second = ranked.Length > 1 && ranked[1].Recognized > 0 && ranked[1].Output.HasLossOrStepTime ? ranked[1] : null;
        string? close = null;
        if (second is not null && second.Recognized >= best.Recognized && best.ValuesPerLine > second.ValuesPerLine)
        {
            close = $"format {best.Format.Name} chosen over {second.Format.Name}: they read the same lines ({best.Recognized} against {second.Recognized} "
                    + $"recognized in the first {Size(sampled)}), {best.Format.Name} more of each ({PerLine(best)} against {PerLine(second)} "
                    + "values a line); --format picks one";
        }
        else if (second is not null && second.Recognized >= 0.8 * best.Recognized)
        {
            close = $"format {best.Format.Name} chosen over {second.Format.Name} ({best.Recognized} against {second.Recognized} lines recognized in the first {Size(sampled)}); --format picks one";
        }
        // a format with more lines passed over because it read no loss and no step time from them
        string? passed = best.Output.HasLossOrStepTime
            ? ranked.Skip(1).FirstOrDefault(c => !c.Output.HasLossOrStepTime && c.Recognized >= best.Recognized) is { } over
                ? PassedOverNote(over.Format.Name, $"{over.Recognized} lines in the first {Size(sampled)}", best.Format.Name)
                : null
            : null;
        return new Detection(best.Format, sampled, best.Output.MaxCount, total)
        {
            CloseCall = close ?? passed,
            Alternatives = [.. ranked.Skip(1).Where(c => c.Recognized > 0).Select(c => c.Format)],
        };
    }

    /// <summary>The detected format, and what the sample says about the file's size in observations.</summary>
    public sealed record Detection(ILogFormat Format, long SampleBytes, int SampleObservations, long FileBytes)
    {
        /// <summary>
        /// Set when another format recognized nearly as many lines, or more but read less of each, or more but no
        /// loss and no step time: worth a warning.
        /// </summary>
        public string? CloseCall { get; init; }

        /// <summary>The other formats that recognized lines, next best first: tried in turn when <see cref="Format"/>
        /// reads no loss and no step time from the whole log.</summary>
        public IReadOnlyList<ILogFormat> Alternatives { get; init; } = [];

        /// <summary>Observations per metric expected in the whole file, a little over rather than under.</summary>
        public int ExpectedObservations => SampleBytes >= FileBytes || SampleBytes == 0
            ? SampleObservations + 16
            : (int)Math.Min(int.MaxValue / 2, SampleObservations * (double)FileBytes / SampleBytes * 1.02 + 1024);
    }

    /// <summary>The run line's note for a format passed over because its lines held no loss and no step time.</summary>
    internal static string PassedOverNote(string passedOver, string recognized, string readAs)
        => $"format {passedOver} recognized {recognized} but read no loss and no step time from them: read as {readAs}; --format picks one";

    private static string PerLine(Candidate c) => c.ValuesPerLine.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes < 1024 ? $"{bytes} bytes" : $"{bytes / 1024} KiB";

    private static string Shorten(string line)
    {
        string printable = string.Concat(line.Select(ch => char.IsControl(ch) ? '?' : ch));
        return printable.Length <= 120 ? printable : printable[..117] + "...";
    }

    private sealed class Candidate
    {
        public Candidate(ILogFormat format)
        {
            Format = format;
            Parser = format.CreateParser(Output);
        }

        public ILogFormat Format { get; }
        public ParsedLog Output { get; } = new();
        public ILineParser Parser { get; }
        public long Recognized { get; set; }

        /// <summary>Values read per recognized line: how much of each line the format explains.</summary>
        public double ValuesPerLine => Recognized == 0 ? 0 : Output.Values / (double)Recognized;
    }

    private sealed class SampleSink(Candidate[] candidates) : ILineSink
    {
        public string? FirstNonEmptyLine { get; private set; }

        public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
        {
            if (FirstNonEmptyLine is null && line.IndexOfAnyExcept(" \t"u8) >= 0)
            {
                FirstNonEmptyLine = System.Text.Encoding.UTF8.GetString(line.Trim(" \t"u8));
            }
            foreach (var c in candidates)
            {
                if (c.Parser.ParseLine(line, -1, where))
                {
                    c.Recognized++;
                }
            }
        }
    }
}
