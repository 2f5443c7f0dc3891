namespace TrainCompare.Profiles;

/// <summary>What the user chose about reading profiles: which part of a tt-metal profile (--profile-region).</summary>
public sealed record ProfileOptions
{
    /// <summary>The default region: after the last signpost, as tt-perf-report reads a profile.</summary>
    public const string LastRegion = "last";

    /// <summary>Every op of the file, signposts ignored.</summary>
    public const string AllRegion = "all";

    /// <summary>
    /// <see cref="LastRegion"/>, <see cref="AllRegion"/>, or the name of a signpost (or a tt-train profiler marker):
    /// every occurrence of it starts a step that runs to its next occurrence (the last to the end of the file).
    /// </summary>
    public string Region { get; init; } = LastRegion;

    public static ProfileOptions Default { get; } = new();
}

/// <summary>
/// One profiler output format, the profiles' seam as <see cref="Formats.ILogFormat"/> is the logs': it recognizes its
/// files from their first bytes and reads one whole, streaming, into per-step op times. A new format is one class
/// implementing this plus its line in <see cref="ProfileFormats.All"/>.
/// </summary>
public interface IProfileFormat
{
    /// <summary>Its name, as a note shows it ("tt-metal", "pytorch").</summary>
    string Name { get; }

    /// <summary>What it reads, for messages ("tt-metal device profiler CSV (ops_perf_results*.csv)").</summary>
    string Description { get; }

    /// <summary>How sure it is that a file starting with <paramref name="sample"/> (decompressed) is its: 0 not at all, 1 certain.</summary>
    double Detect(ReadOnlySpan<byte> sample);

    /// <summary>Reads the whole (decompressed) <paramref name="stream"/>; errors the user can fix are <see cref="TrainCompareException"/>s naming <paramref name="path"/>.</summary>
    /// <param name="onRead">Called with the bytes of each read, for a progress bar (decompressed bytes).</param>
    ProfileData Read(Stream stream, string path, ProfileOptions options, Action<long>? onRead);
}
