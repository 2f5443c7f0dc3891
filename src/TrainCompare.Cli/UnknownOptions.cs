using System.CommandLine;

namespace TrainCompare.Cli;

/// <summary>
/// Anything on the command line that starts with "--" is an option: a mistyped one (--min-sped, --compre) is an
/// error naming it, with the nearest option's name when one is close, and never a file name for --compare to
/// look for or a label. Only "--" itself ends the options, and the value of an option that takes exactly one
/// (--title-prefix --x) is that value whatever it looks like.
/// </summary>
internal static class UnknownOptions
{
    /// <summary>A one-line error for the first unknown option in <paramref name="args"/>; null when there is none.</summary>
    public static string? Find(IReadOnlyList<string> args, IEnumerable<Option> options)
    {
        var byName = new Dictionary<string, Option>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            byName[option.Name] = option;
            foreach (string alias in option.Aliases)
            {
                byName[alias] = option;
            }
        }
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                return null;
            }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }
            string name = arg.Split('=', 2)[0];
            if (byName.TryGetValue(name, out var known))
            {
                // "--title-prefix VALUE": the next argument is the value, even when it starts with "--"
                if (name.Length == arg.Length && known.Arity is { MinimumNumberOfValues: 1, MaximumNumberOfValues: 1 })
                {
                    i++;
                }
                continue;
            }
            var near = Nearest(name, byName.Keys.Where(k => k.StartsWith("--", StringComparison.Ordinal)));
            return near.Count == 0
                ? $"unknown option {name}"
                : $"unknown option {name}; did you mean {string.Join(" or ", near)}?";
        }
        return null;
    }

    /// <summary>
    /// The known names closest to <paramref name="name"/>: those it is a prefix of when that is one, else those
    /// within an edit distance of two fifths of its length (at least 2), the closest first.
    /// </summary>
    internal static IReadOnlyList<string> Nearest(string name, IEnumerable<string> known)
    {
        var names = known.Distinct(StringComparer.Ordinal).ToArray();
        var prefixed = names.Where(k => name.Length > 3 && k.StartsWith(name, StringComparison.Ordinal)).ToArray();
        if (prefixed.Length is 1 or 2)
        {
            return prefixed.Order(StringComparer.Ordinal).ToArray();
        }
        int limit = Math.Max(2, (name.Length - 2) * 2 / 5);
        var scored = names.Select(k => (Name: k, Distance: Distance(name, k))).Where(s => s.Distance <= limit).ToArray();
        if (scored.Length == 0)
        {
            return [];
        }
        int best = scored.Min(s => s.Distance);
        return scored.Where(s => s.Distance == best).Select(s => s.Name).Order(StringComparer.Ordinal).Take(2).ToArray();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
