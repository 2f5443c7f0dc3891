using TrainCompare.Reading;

namespace TrainCompare.Profiles;

/// <summary>Every profile format, and reading a profile file: opened as logs are (gzip, zstd), its format detected.</summary>
public static class ProfileFormats
{
    public static IReadOnlyList<IProfileFormat> All { get; } = [new TtMetalCsvFormat(), new KinetoTraceFormat()];

    /// <summary>Bytes of the (decompressed) start of a file the formats are shown.</summary>
    public const int SampleBytes = 64 * 1024;

    /// <summary>Opens <paramref name="path"/>, detects its format and reads it.</summary>
    public static ProfileData Read(string path, ProfileOptions options, Action<long>? onRead = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (path == InputFile.StandardInput)
        {
            throw new TrainCompareException("-: a profile is read from a file, not from standard input");
        }
        using var source = InputFile.Open(path);
        byte[] sample = InputFile.ReadSample(path, source.Stream, SampleBytes);
        if (sample.Length == 0)
        {
            throw TrainCompareException.ForFile(path, "file is empty");
        }
        var format = Detect(sample) ?? throw TrainCompareException.ForFile(path,
            "not a profile traincmp reads (" + string.Join("; ", All.Select(f => f.Description)) + ")");
        var stream = InputFile.Replay(sample, source.Stream);
        var progress = onRead;
        if (source.CompressedBytesRead is { } compressed && onRead is not null)
        {
            // a progress bar counts file sizes: the compressed bytes, not the several times more the format reads
            long reported = 0;
            progress = _ =>
            {
                long now = compressed();
                onRead(now - reported);
                reported = now;
            };
        }
        try
        {
            return format.Read(stream, path, options, progress);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ZstdSharp.ZstdException)
        {
            throw TrainCompareException.ForFile(path, $"cannot be read ({e.Message})");
        }
    }

    /// <summary>The format most sure of <paramref name="sample"/>; null when none recognizes it.</summary>
    public static IProfileFormat? Detect(ReadOnlySpan<byte> sample)
    {
        IProfileFormat? best = null;
        double confidence = 0;
        foreach (var format in All)
        {
            double c = format.Detect(sample);
            if (c > confidence)
            {
                (best, confidence) = (format, c);
            }
        }
        return confidence >= 0.5 ? best : null;
    }

    public static IProfileFormat? Find(string name) => All.FirstOrDefault(f => f.Name == name);
}
