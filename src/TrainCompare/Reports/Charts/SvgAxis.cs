using System.Globalization;

namespace TrainCompare.Reports.Charts;

/// <summary>An axis range with "nice" ticks (steps of 1, 2 or 5 times a power of ten), for hand-drawn SVG charts.</summary>
public sealed record SvgAxis(double Min, double Max, double[] Ticks, int Decimals)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// An axis covering [<paramref name="low"/>, <paramref name="high"/>] plus <paramref name="margin"/> of the
    /// span on each side, with about <paramref name="targetTicks"/> ticks inside it.
    /// </summary>
    public static SvgAxis Of(double low, double high, double margin, int targetTicks)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
        {
            low = 0;
            high = 1;
        }
        if (high <= low)
        {
            double pad = low == 0 ? 1 : Math.Abs(low) * 0.05;
            low -= pad;
            high += pad;
        }
        double span = high - low;
        double min = low - span * margin, max = high + span * margin;
        double step = NiceStep((max - min) / Math.Max(1, targetTicks));
        var ticks = new List<double>();
        for (double t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step)
        {
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        }
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        return new SvgAxis(min, max, [.. ticks], decimals);
    }

    /// <summary>1, 2 or 5 times a power of ten, the nearest above <paramref name="raw"/>.</summary>
    public static double NiceStep(double raw)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / power * (1 - 1e-9); // so that a raw step of 0.1 + rounding error stays 0.1
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
    }

    /// <summary>A tick's label: as many decimals as the step needs; thousands separated from 10,000 up.</summary>
    public string Label(double tick) => Math.Abs(tick) >= 10_000 && Decimals == 0
        ? tick.ToString("#,0", Inv)
        : tick.ToString("F" + Decimals.ToString(Inv), Inv);
}
