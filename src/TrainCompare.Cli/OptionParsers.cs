using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TrainCompare.Cli;

/// <summary>Parsers and validators for option values, each failing with one line that names the option.</summary>
internal static class OptionParsers
{
    /// <summary>The value --warmup-steps auto parses to.</summary>
    public const int AutoWarmup = -1;

    /// <summary>An option that takes one of <paramref name="values"/>; a one-line error naming them otherwise.</summary>
    public static void OneOf(Option<string> option, params string[] values)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (!values.Contains(token.Value, StringComparer.Ordinal))
                {
                    result.AddError($"{option.Name} takes {Either(values)}, not '{token.Value}'");
                    return;
                }
            }
        });
        option.CompletionSources.Add(values);
    }

    /// <summary>"a, b or c".</summary>
    public static string Either(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1];

    /// <summary>Comma lists, or the option repeated, each name one of <paramref name="known"/>.</summary>
    public static string[] CommaList(ArgumentResult result, IReadOnlyList<string> known)
    {
        var names = new List<string>();
        string option = ((OptionResult)result.Parent!).Option.Name;
        foreach (var token in result.Tokens)
        {
            foreach (string name in token.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!known.Contains(name, StringComparer.Ordinal))
                {
                    result.AddError($"{option} takes {string.Join(", ", known)} (a comma list), not '{name}'");
                    return [];
                }
                names.Add(name);
            }
        }
        return [.. names.Distinct()];
    }

    /// <summary>A number that <paramref name="valid"/> accepts, with a message naming the option otherwise.</summary>
    public static double Number(ArgumentResult result, double fallback, Func<double, bool> valid, string what)
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }
        string name = ((OptionResult)result.Parent!).Option.Name;
        string text = result.Tokens[0].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || !valid(value))
        {
            result.AddError($"{name} takes {what}, not '{text}'");
            return fallback;
        }
        return value;
    }

    /// <summary>A whole number from 0 to <paramref name="max"/>, with a message naming the option otherwise.</summary>
    public static long NonNegative(ArgumentResult result, long max)
    {
        if (result.Tokens.Count == 0)
        {
            return 0;
        }
        string name = ((OptionResult)result.Parent!).Option.Name;
        string text = result.Tokens[0].Value;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            result.AddError($"{name} takes a whole number, not '{text}'");
            return 0;
        }
        if (value < 0)
        {
            result.AddError($"{name} must not be negative (got {value})");
            return 0;
        }
        if (value > max)
        {
            result.AddError($"{name} is too large (got {value})");
            return 0;
        }
        return value;
    }

    /// <summary>--warmup-steps: a whole number, or 'auto' (<see cref="AutoWarmup"/>).</summary>
    public static int Warmup(ArgumentResult result)
    {
        if (result.Tokens.Count == 1 && result.Tokens[0].Value == "auto")
        {
            return AutoWarmup;
        }
        if (result.Tokens.Count == 1 && !long.TryParse(result.Tokens[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            result.AddError($"--warmup-steps takes a whole number or 'auto', not '{result.Tokens[0].Value}'");
            return 0;
        }
        return (int)NonNegative(result, int.MaxValue);
    }

    /// <summary>--watch [SECONDS]: no value for <paramref name="fallback"/>, else a number of seconds above 0 (at most a day).</summary>
    public static double Seconds(ArgumentResult result, double fallback)
    {
        if (result.Tokens.Count == 0)
        {
            return fallback;
        }
        string text = result.Tokens[0].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || !double.IsFinite(seconds) || seconds <= 0 || seconds > 86400)
        {
            result.AddError($"--watch takes a number of seconds above 0, not '{text}'");
            return fallback;
        }
        return seconds;
    }
}
