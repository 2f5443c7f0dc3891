using System.Globalization;
using TrainCompare.Analysis;

namespace TrainCompare.Reports;

/// <summary>
/// One sentence per compare run, for the top of a PR description or a chat message:
/// <c>fused vs baseline: 1.081× faster (95% CI 1.074–1.088, p &lt; 0.001); loss within tolerance (final Δ −0.0004)</c>.
/// The ratio is the median step-time ratio, the one the interval and the test are about.
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
    public static string Verdict(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return $"{Speed(comparison.SpeedupStats)}; {Loss(comparison.Loss)}";
    }

    private static string Speed(Speedup? s)
    {
        if (s is null)
        {
            return "no step times to compare";
        }
        string detail = $"95% CI {Ratio(s.CiLow)}–{Ratio(s.CiHigh)}, p {(s.PValue < 0.001 ? "< 0.001" : "= " + s.PValue.ToString("0.000", Inv))}";
        return s.Verdict switch
        {
            Analysis.Verdict.Faster => $"{Ratio(s.MedianRatio)}× faster ({detail})",
            Analysis.Verdict.Slower => $"{Ratio(s.MedianRatio)}×, slower ({detail})",
            _ => $"{Ratio(s.MedianRatio)}×, no significant difference in speed ({detail})",
        };
    }

    private static string Loss(LossComparison l)
    {
        if (l.FinalWindowDiff is not { } d)
        {
            return "no loss at steps both runs logged";
        }
        string noise = l.WithinNoise switch
        {
            true => ", within the baseline repeats' noise",
            false => $", beyond the baseline repeats' noise of {Delta(l.NoiseFloor ?? 0)}",
            null => "",
        };
        return l.DivergenceStep is { } at
            ? $"loss departs from the baseline at step {at.ToString(Inv)} (final Δ {Delta(d)}{noise})"
            : $"loss within tolerance (final Δ {Delta(d)}{noise})";
    }

    private static string Ratio(double r) => PyFormat.Fixed(r, 3);

    /// <summary>
    /// A loss difference to four decimals with a true minus sign (−0.0004); smaller ones in scientific notation
    /// (−3.2e-05), so that a tiny difference never reads as 0.
    /// </summary>
    public static string Delta(double d)
    {
        string text = d == 0 || Math.Abs(d) >= 0.00005 ? d.ToString("0.0000", Inv) : d.ToString("0.0e-00", Inv);
        return text.StartsWith('-') ? "\u2212" + text[1..] : text;
    }
}
