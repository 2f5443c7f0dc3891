using System.Collections.Frozen;

namespace TrainCompare.Common;

/// <summary>How much a finding matters to someone who reads the comparison.</summary>
public enum Severity
{
    /// <summary>How something was read or decided (a unit guessed, a warm-up found); nothing to act on.</summary>
    Info,

    /// <summary>Something that limits what the numbers mean (a restart, a run that ends early, an assumption that failed).</summary>
    Warning,

    /// <summary>Something that makes a result wrong or missing (a run diverged, a loss turned NaN).</summary>
    Error,
}

/// <summary>
/// One thing a stage found out and a reader must hear: made where it is found (a format reading a log, the run
/// builder, an analysis), carried as a value, and rendered by Reports (the console's run lines, summary.md,
/// report.html, the JSON's <c>findings</c>). The <see cref="Code"/> is stable (scripts key on it; docs/json.md
/// lists them); the <see cref="Message"/> is a sentence for people and never names a CLI option (hints that do
/// are added where the CLI renders). Strings in it may come from a log: Reports make them safe to show.
/// </summary>
/// <param name="Code">Stable, lowercase and dotted: the stage, then what (<c>read.unit-guessed</c>, <c>run.restart</c>).</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Message">What was found, as a sentence without the run's label (the report shows it where the run is).</param>
public sealed record Finding(string Code, Severity Severity, string Message)
{
    private static readonly IReadOnlyDictionary<string, double> NoNumbers = FrozenDictionary<string, double>.Empty;

    /// <summary>The label of the run it concerns; null for the comparison as a whole.</summary>
    public string? Run { get; init; }

    /// <summary>The file it concerns, when a run combines several (repeats); null otherwise.</summary>
    public string? File { get; init; }

    /// <summary>The first step it concerns, when it concerns a range of steps (or one step).</summary>
    public long? FirstStep { get; init; }

    /// <summary>The last step it concerns; equal to <see cref="FirstStep"/> for one step.</summary>
    public long? LastStep { get; init; }

    /// <summary>The numbers behind it, by name (camelCase, as the JSON writes them): sizes, counts, p-values.</summary>
    public IReadOnlyDictionary<string, double> Numbers { get; init; } = NoNumbers;

    public static Finding Info(string code, string message) => new(code, Severity.Info, message);

    public static Finding Warning(string code, string message) => new(code, Severity.Warning, message);

    public static Finding Error(string code, string message) => new(code, Severity.Error, message);

    /// <summary>This finding about the steps <paramref name="first"/> to <paramref name="last"/>.</summary>
    public Finding AtSteps(long first, long? last = null) => this with { FirstStep = first, LastStep = last ?? first };

    /// <summary>This finding with <paramref name="numbers"/> (name, value) beside it.</summary>
    public Finding With(params ReadOnlySpan<(string Name, double Value)> numbers)
    {
        var all = new Dictionary<string, double>(Numbers, StringComparer.Ordinal);
        foreach (var (name, value) in numbers)
        {
            all[name] = value;
        }
        return this with { Numbers = all };
    }
}
