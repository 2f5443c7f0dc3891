using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Text;

namespace TrainCompare.Cli;

/// <summary>
/// The help, made from the options' own declarations (<see cref="CliOptions"/>: names, value names,
/// descriptions, defaults) — the one source of what an option does, which docs/options.md is also made from
/// (<see cref="Markdown"/>; a test keeps the two the same). Options are grouped by what they are for, and each
/// description is wrapped to the terminal's width (80 columns when the help is not going to a terminal), under
/// its option's column.
/// </summary>
internal static class HelpText
{
    public const string Summary = "traincmp: compare training runs from their logs: did the change keep the loss the same, "
                                  + "did it make steps faster.";

    public const string Usage = "traincmp --baseline FILE [--compare FILE...] [options]";

    /// <summary>The width of the names' column; a longer name puts its description on the next line.</summary>
    private const int NameColumn = 26;

    /// <summary>The help as printed: summary, usage, each section of options, the examples and exit codes.</summary>
    public static string Render(CliOptions options, IReadOnlyList<Option> builtIn, int width)
    {
        ArgumentNullException.ThrowIfNull(options);
        width = Math.Max(width, 60);
        var text = new StringBuilder();
        foreach (string line in Wrap(Summary, width, 0))
        {
            text.Append(line).Append('\n');
        }
        text.Append('\n').Append("Usage: ").Append(Usage).Append('\n');
        foreach (var (title, members) in options.Sections.Append(("Other", builtIn)))
        {
            text.Append('\n').Append(title).Append(":\n");
            foreach (var option in members)
            {
                string name = "  " + Name(option);
                string[] lines = Wrap(Description(option), width - NameColumn, 0).ToArray();
                if (name.Length + 2 > NameColumn)
                {
                    text.Append(name).Append('\n');
                    name = "";
                }
                for (int i = 0; i < lines.Length; i++)
                {
                    text.Append((i == 0 ? name : "").PadRight(NameColumn)).Append(lines[i]).Append('\n');
                }
            }
        }
        text.Append(TraincmpCommand.Examples);
        return text.ToString();
    }

    /// <summary>docs/options.md: a table per section, from the same declarations as the help.</summary>
    public static string Markdown(CliOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        text.Append("# Options\n\n");
        text.Append("<!-- Made from src/TrainCompare.Cli/CliOptions.cs, as `traincmp --help` is; a test checks that they agree. -->\n\n");
        text.Append('`').Append(Usage).Append("`\n\n");
        text.Append("Every option of `plot_training_comparison.py` keeps its name and default. An argument that starts with `--` is ")
            .Append("always an option: a mistyped one is an error that names the nearest option.\n");
        foreach (var (title, members) in options.Sections)
        {
            text.Append("\n## ").Append(title).Append("\n\n| option | default | what it does |\n|---|---|---|\n");
            foreach (var option in members)
            {
                text.Append("| `").Append(Name(option).Replace("|", "\\|", StringComparison.Ordinal)).Append("` | ").Append(Default(option) is { } d ? $"`{d}`" : "")
                    .Append(" | ").Append(option.Description!.Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
            }
        }
        return text.ToString();
    }

    /// <summary>"--watch [SECONDS]", "--baseline FILE", "-h, --help".</summary>
    private static string Name(Option option)
    {
        // the Windows-style /? and /h that System.CommandLine adds to --help are left out
        string names = string.Join(", ", option.Aliases.Where(a => a.StartsWith("--", StringComparison.Ordinal) || (a.Length == 2 && a[0] == '-' && char.IsLetter(a[1])))
            .Order(StringComparer.Ordinal).Append(option.Name));
        if (option.Arity.MaximumNumberOfValues == 0 || option is Option<bool>)
        {
            return names;
        }
        string value = option.HelpName ?? "VALUE";
        return option.Arity.MinimumNumberOfValues == 0 ? $"{names} [{value}]" : $"{names} {value}";
    }

    private static string Description(Option option)
        => (option.Description ?? "") + (Default(option) is { } d ? $" [default: {d}]" : "");

    /// <summary>The default as the help shows it; null when there is none worth showing (empty, false, null).</summary>
    private static string? Default(Option option)
    {
        if (!option.HasDefaultValue)
        {
            return null;
        }
        return option.GetDefaultValue() switch
        {
            null or false => null,
            string s => s.Length == 0 ? null : s,
            IEnumerable e => e.Cast<object>().Any() ? string.Join(" ", e.Cast<object>()) : null,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };
    }

    /// <summary>
    /// <paramref name="text"/> in lines of at most <paramref name="width"/> characters, broken at spaces (a word
    /// longer than a line is left whole), each line after the first indented by <paramref name="indent"/>.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, int width, int indent)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = new StringBuilder();
        bool empty = true;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(' ', indent);
                empty = true;
            }
            if (!empty)
            {
                line.Append(' ');
            }
            line.Append(word);
            empty = false;
        }
        if (!empty)
        {
            yield return line.ToString();
        }
    }
}
