using System.Globalization;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// One sentence per compare run, for the top of a PR description or a chat message:
/// <c>fused vs baseline: 1.081× faster (95% CI 1.074–1.088, p &lt; 0.001); final loss Δ +0.0001 (95% CI −0.0003 to +0.0005), no significant difference</c>.
/// The ratio is the median step-time ratio, the one the interval and the test are about; the loss part is the
/// final-window difference with its interval, verdict and, when a margin is known, equivalence.
/// </summary>
public static class VerdictLine
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string For(RunComparison comparison, string baselineLabel)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return $"{comparison.Run.Run.Label} vs {baselineLabel}: {Verdict(comparison)}";
    }

    /// <summary>The line after "run vs baseline: ", for reports that set the labels apart (bold, escaped).</summary>
    public static string Verdict(RunComparison comparison) => string.Join("; ", Parts(comparison).Select(p => p.Text));

    /// <summary>
    /// The speed part and the loss part, each with its tone (so a loss regression is never shown as good news), and
    /// with profiles, where the time went (<see cref="ProfileTables.Clause"/>).
    /// </summary>
    public static IReadOnlyList<Cell> Parts(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.Profile is { } profile
            ? [Speed(comparison), Loss(comparison.Loss), ProfileTables.Clause(profile)]
            : [Speed(comparison), Loss(comparison.Loss)];
    }

    /// <summary>The tone of the whole comparison: bad when either part is, good when the speed is and the loss is not bad.</summary>
    public static Tone Overall(RunComparison comparison)
    {
        var parts = Parts(comparison);
        return parts.Any(p => p.Tone is Tone.Bad or Tone.Alarm) ? Tone.Bad : parts[0].Tone;
    }

    private static Cell Speed(RunComparison c)
    {
        if (c.SpeedupStats is not { } s)
        {
            string why = c.Run.StepTimeCount > 0 && c.Run.PooledStepTimes.IsEmpty ? $" (warm-up took all of {c.Run.Run.Label}'s)" : "";
            return new Cell($"no step times to compare{why}");
        }
        if (!s.HasInterval)
        {
            return new Cell($"{Ratio(s.MedianRatio)}×, too few step times for an interval");
        }
        string detail = $"95% CI {Ratio(s.CiLow)}–{Ratio(s.CiHigh)}, p {P(s.PValue)}";
        return s.Verdict switch
        {
            Analysis.Verdict.Faster => new Cell($"{Ratio(s.MedianRatio)}× faster ({detail})", Tone.Good),
            Analysis.Verdict.Slower => new Cell($"{Ratio(s.MedianRatio)}×, slower ({detail})", Tone.Bad),
            _ => new Cell($"{Ratio(s.MedianRatio)}×, no significant difference in speed ({detail})"),
        };
    }

    private static Cell Loss(LossComparison l)
    {
        if (l.FinalWindowDiff is not { } d)
        {
            return new Cell("no loss at steps both runs logged");
        }
        string ci = l.FinalWindowCiLow is { } lo && l.FinalWindowCiHigh is { } hi ? $" (95% CI {Delta(lo, true)} to {Delta(hi, true)})" : " (too few steps for an interval)";
        string verdict = l.Verdict switch
        {
            LossVerdict.Higher => "higher",
            LossVerdict.Lower => "lower",
            _ => "no significant difference",
        };
        string equivalence = l.Margin is { } m
            ? l.Equivalent == true ? $"; equivalent within ±{Delta(m)}" : $"; equivalence within ±{Delta(m)} not shown"
            : "";
        string noise = l.WithinNoise switch
        {
            true => ", within the baseline repeats' noise",
            false => $", beyond the baseline repeats' noise of {Delta(l.NoiseFloor ?? 0)}",
            null => "",
        };
        string text = $"final loss Δ {Delta(d, true)}{ci}, {verdict}{equivalence}{noise}";
        if (l.DivergenceStep is { } at)
        {
            text = $"loss departs from the baseline at step {at.ToString(Inv)}; {text}";
        }
        var tone = l.DivergenceStep is not null || l.Verdict == LossVerdict.Higher ? Tone.Bad
            : l.Equivalent == true ? Tone.Good
            : Tone.Plain;
        return new Cell(text, tone);
    }

    /// <summary>
    /// A verdict line as lines at most <paramref name="width"/> wide: broken after a clause ("; ") where it can
    /// be, else between words, every line after the first indented by two spaces; a word longer than the
    /// width stays whole.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string line, int width)
    {
        ArgumentNullException.ThrowIfNull(line);
        const string indent = "  ";
        var lines = new List<string>();
        string current = "";
        foreach (string clause in line.Split("; "))
        {
            string piece = clause;
            if (current.Length > 0)
            {
                current += ";";
                if (SummaryTables.DisplayWidth(current) + 1 + SummaryTables.DisplayWidth(piece) <= width)
                {
                    current += " " + piece;
                    continue;
                }
                lines.Add(current);
                current = indent;
            }
            // the clause starts a line: words onto it while they fit
            foreach (string word in piece.Split(' '))
            {
                if (current.Trim().Length == 0)
                {
                    current += word;
                }
                else if (SummaryTables.DisplayWidth(current) + 1 + SummaryTables.DisplayWidth(word) <= width)
                {
                    current += " " + word;
                }
                else
                {
                    lines.Add(current);
                    current = indent + word;
                }
            }
        }
        lines.Add(current);
        return lines;
    }

    private static string Ratio(double r) => PyFormat.Fixed(r, 3);

    private static string P(double p) => p < 0.001 ? "< 0.001" : "= " + p.ToString("0.000", Inv);

    /// <summary>
    /// A loss difference to four decimals with a true minus sign (−0.0004); smaller ones in scientific notation
    /// (−3.2e-05), so that a tiny difference never reads as 0. <paramref name="withPlus"/> puts + on positive ones.
    /// </summary>
    public static string Delta(double d, bool withPlus = false)
    {
        string text = d == 0 || Math.Abs(d) >= 0.00005 ? d.ToString("0.0000", Inv) : d.ToString("0.0e-00", Inv);
        return text.StartsWith('-') ? "\u2212" + text[1..] : withPlus && d > 0 ? "+" + text : text;
    }
}
