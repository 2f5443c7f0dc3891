using System.Globalization;
using System.Text.RegularExpressions;

namespace TrainCompare.Tests.Properties;

/// <summary>
/// The simple reading of tt-train logs that the fast path must agree with: strings, Split, regular
/// expressions and double.Parse, one line at a time. Slow and obviously right.
/// </summary>
internal static partial class ReferenceTtTrainParser
{
    public sealed record Result(List<(long Step, double Value)> Loss, List<(long Step, double Value)> Time);

    public static Result Parse(string text)
    {
        var loss = new List<(long, double)>();
        var time = new List<(long, double)>();
        long? lastStep = null;
        bool lastHasTime = true;
        var lines = text.Split('\n');
        foreach (string raw in lines)
        {
            string line = raw.EndsWith('\r') ? raw[..^1] : raw;
            int s = line.IndexOf("Step: ", StringComparison.Ordinal);
            int f = line.IndexOf("Full step time ", StringComparison.Ordinal);
            if (s >= 0 && (f < 0 || s < f))
            {
                var m = StepLine().Match(line[s..]);
                if (!m.Success || !long.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out long step)
                    || !TryNumber(m.Groups[2].Value, out double l))
                {
                    continue;
                }
                Add(loss, step, l);
                lastStep = step;
                lastHasTime = false;
                var t = TimeField().Match(line[s..]);
                if (t.Success && TryNumber(t.Groups[1].Value, out double ms))
                {
                    Add(time, step, ms);
                    lastHasTime = true;
                }
            }
            else if (f >= 0)
            {
                var m = TimeLine().Match(line[f..]);
                if (m.Success && TryNumber(m.Groups[1].Value, out double ms) && lastStep is { } step && !lastHasTime)
                {
                    Add(time, step, ms);
                    lastHasTime = true;
                }
            }
        }
        return new Result(loss, time);
    }

    /// <summary>A step printed again right after itself replaces the value before (the later wins).</summary>
    private static void Add(List<(long Step, double Value)> list, long step, double value)
    {
        if (list.Count > 0 && list[^1].Step == step)
        {
            list[^1] = (step, value);
        }
        else
        {
            list.Add((step, value));
        }
    }

    private static bool TryNumber(string token, out double value)
    {
        switch (token.ToLowerInvariant())
        {
            case "nan" or "-nan" or "+nan":
                value = double.NaN;
                return true;
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
        }
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^Step: (\d+), Loss: ([^,\s%)]+)")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^Step: \d+, Loss: [^,\s]+.*?, Time: ([^,\s]+) ms")]
    private static partial Regex TimeField();

    [GeneratedRegex(@"^Full step time ([^,\s]+) ms")]
    private static partial Regex TimeLine();
}
