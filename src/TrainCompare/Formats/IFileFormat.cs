namespace TrainCompare.Formats;

/// <summary>
/// A format read from whole files instead of lines: a binary format, or a directory of files (TensorBoard's
/// event files). It is tried before line detection on the paths it <see cref="Reads"/>; a new one is a
/// class implementing this plus its line in <see cref="LogFormats.FileFormats"/>. Options it takes are
/// declared here and become command-line options of the same name.
/// </summary>
public interface IFileFormat
{
    /// <summary>Short name shown in the run line and accepted by --format.</summary>
    string Name { get; }

    /// <summary>What a path must be for this format, for the error when --format names it ("an events.out.tfevents.* file").</summary>
    string Accepts { get; }

    /// <summary>The options this format reads (each a command-line option of that name taking one value).</summary>
    IReadOnlyList<FormatOption> Options { get; }

    /// <summary>True when <paramref name="path"/> is a file or directory of this format (decided from names, not contents).</summary>
    bool Reads(string path);

    /// <summary>Reads the whole of <paramref name="path"/>; adds what the user should hear to <paramref name="notes"/>.</summary>
    ParsedLog Read(string path, FormatOptions options, List<Finding> notes);
}

/// <summary>An option a format takes: <paramref name="Name"/> is the command-line option (<c>--loss-tag</c>).</summary>
public sealed record FormatOption(string Name, string HelpName, string Description);

/// <summary>The values given to formats' options, by option name; a missing one is null (the format's default).</summary>
public sealed class FormatOptions(IReadOnlyDictionary<string, string> values)
{
    public static FormatOptions None { get; } = new(new Dictionary<string, string>());

    public string? this[string name] => values.TryGetValue(name, out string? value) ? value : null;

    public IReadOnlyDictionary<string, string> Values => values;
}
