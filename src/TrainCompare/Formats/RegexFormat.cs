using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TrainCompare.Reading;

namespace TrainCompare.Formats;

/// <summary>A user's pattern for one metric: the value is the named group "value", else the first group.</summary>
public sealed record MetricPattern(string Metric, Regex Regex)
{
    /// <summary>Parses "NAME=REGEX" (as --pattern and --metric give it), or explains in one line what is wrong.</summary>
    public static MetricPattern Parse(string option, string text)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new TrainCompareException($"{option} '{text}': expected NAME=REGEX");
        }
        string name = text[..eq].Trim();
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new TrainCompareException($"{option} '{text}': the name may hold letters, digits, '_', '-' and '.'");
        }
        if (option == "--metric" && Metrics.IsBuiltIn(name))
        {
            throw new TrainCompareException($"{option} '{text}': '{name}' is a built-in metric, which the log's format reads itself; give yours another name (built-in: {string.Join(", ", Metrics.BuiltIn)})");
        }
        Regex regex;
        try
        {
            regex = new Regex(text[(eq + 1)..], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new TrainCompareException($"{option} '{text}': not a valid regular expression ({e.Message})");
        }
        if (regex.GetGroupNumbers().Length < 2)
        {
            throw new TrainCompareException($"{option} '{text}': the expression needs a group around the number, e.g. loss=loss ([0-9.eE+-]+)");
        }
        return new MetricPattern(name == "step_time" ? Metrics.StepTimeMs : name, regex) { Source = $"{option} '{text}'" };
    }

    /// <summary>The option and argument the pattern came from (<c>--metric 'NAME=REGEX'</c>), for errors.</summary>
    public string Source { get; init; } = "";

    /// <summary>
    /// Matches one line; an expression that backtracks past its timeout (<c>(a+)+$</c> on a long line) is an
    /// input error naming the pattern, not a crash.
    /// </summary>
    public Match Match(string line, LineRef where)
    {
        try
        {
            return Regex.Match(line);
        }
        catch (RegexMatchTimeoutException)
        {
            string seconds = Regex.MatchTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            throw new TrainCompareException($"{Source}: the regular expression took longer than {seconds} s on line {where} "
                                            + "(nested repetition such as (a+)+ backtracks without end); simplify it");
        }
    }

    /// <summary>The number this pattern finds in <paramref name="line"/>.</summary>
    public bool TryMatch(string line, LineRef where, out double value) => TryValue(Match(line, where), out value);

    /// <summary>The number a match of this pattern holds: the group named "value", else the first group.</summary>
    public static bool TryValue(Match m, out double value)
    {
        ArgumentNullException.ThrowIfNull(m);
        value = 0;
        if (!m.Success)
        {
            return false;
        }
        var g = m.Groups["value"] is { Success: true } named ? named : m.Groups[1];
        return g.Success && Utf8Number.TryParseDouble(Encoding.UTF8.GetBytes(g.Value.Trim()), out value, out int used)
               && used == Encoding.UTF8.GetByteCount(g.Value.Trim());
    }
}

/// <summary>
/// User patterns as a format: --pattern step=REGEX (required), --pattern loss=REGEX, --pattern step_time=REGEX
/// (in --time-unit), and any other NAME=REGEX. A value on a line without a step belongs to the last step seen.
/// Regular expressions run on every line, so this is slower than the built-in formats; fine for the logs
/// nobody wrote a format for.
/// </summary>
public sealed class RegexFormat : ILogFormat
{
    private readonly MetricPattern _step;
    private readonly MetricPattern[] _metrics;
    private readonly double _timeScale;

    public RegexFormat(IReadOnlyList<MetricPattern> patterns, string timeUnit)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _step = patterns.FirstOrDefault(p => p.Metric == "step")
                ?? throw new TrainCompareException("--pattern: give step=REGEX too, so values can be keyed by step");
        _metrics = patterns.Where(p => p.Metric != "step").ToArray();
        if (_metrics.Length == 0)
        {
            throw new TrainCompareException("--pattern: give at least one metric besides step (loss=REGEX, step_time=REGEX, ...)");
        }
        _timeScale = timeUnit switch
        {
            "ms" => 1,
            "s" => 1000,
            "us" => 0.001,
            _ => throw new TrainCompareException($"--time-unit takes ms, s or us, not '{timeUnit}'"),
        };
    }

    public string Name => "regex";

    public LineAnchors? Anchors => null;

    public ILineParser CreateParser(ParsedLog output) => new Parser(this, output);

    private sealed class Parser(RegexFormat format, ParsedLog output) : LineParser
    {
        private long? _step;

        public override bool ParseLine(ReadOnlySpan<byte> bytes, int anchorAt, LineRef where)
        {
            string line = Encoding.UTF8.GetString(bytes);
            if (format._step.TryMatch(line, where, out double s) && s >= 0 && s == Math.Floor(s))
            {
                _step = (long)s;
            }
            if (_step is not { } step)
            {
                return false;
            }
            bool any = false;
            foreach (var p in format._metrics)
            {
                if (p.TryMatch(line, where, out double v))
                {
                    output.Column(p.Metric).Add(step, p.Metric == Metrics.StepTimeMs ? v * format._timeScale : v, where);
                    any = true;
                }
            }
            return any;
        }

    }
}

/// <summary>
/// --metric NAME=REGEX on top of any format: every line is also matched against the user's patterns, and a
/// value belongs to the last step the format read (or to the step a "step" group names).
/// </summary>
public sealed class ExtraMetricsParser(ILineParser inner, ParsedLog output, IReadOnlyList<MetricPattern> patterns) : ILineParser
{
    public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where) => ParseLine(line, anchorAt, where);

    public bool ParseLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where)
    {
        bool recognized = inner.ParseLine(line, anchorAt, where);
        string? text = null;
        foreach (var p in patterns)
        {
            text ??= Encoding.UTF8.GetString(line);
            var m = p.Match(text, where);
            if (!MetricPattern.TryValue(m, out double v))
            {
                continue;
            }
            long? step = m.Groups["step"] is { Success: true } g && long.TryParse(g.Value, CultureInfo.InvariantCulture, out long s)
                ? s
                : LastStep();
            if (step is { } at)
            {
                output.Column(p.Metric).Add(at, v, where);
                recognized = true;
            }
        }
        return recognized;
    }

    private long? LastStep()
    {
        long? last = null;
        foreach (var column in output.Columns.Values)
        {
            if (column.Count > 0 && patterns.All(p => p.Metric != column.Metric))
            {
                long s = column.StepAt(column.Count - 1);
                last = last is null ? s : Math.Max(last.Value, s);
            }
        }
        return last;
    }

    public void DescribeTo(List<Finding> notes) => inner.DescribeTo(notes);
}
