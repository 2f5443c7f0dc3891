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
        (low, high) = Widened(low, high);
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

    /// <summary>Tick steps tried first, times a power of ten: matplotlib's MaxNLocator's.</summary>
    private static readonly double[] ClassicSteps = [1, 2, 2.5, 5];

    /// <summary>Tried when no classic step gives a tick count in range: with these, successive steps are at most 1.5 apart.</summary>
    private static readonly double[] MoreSteps = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

    /// <summary>
    /// An axis covering [<paramref name="low"/>, <paramref name="high"/>] plus <paramref name="margin"/> of the span on
    /// each side, whose tick count lies in [<paramref name="minTicks"/>, <paramref name="maxTicks"/>] whenever a step of 1,
    /// 2, 2.5 or 5 (then 1.5, 3, 4, 6 or 8) times a power of ten gives one; the count nearest the middle of the range wins.
    /// </summary>
    public static SvgAxis Fitting(double low, double high, double margin, int minTicks, int maxTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minTicks, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, minTicks);
        (low, high) = Widened(low, high);
        double span = high - low;
        double min = low - span * margin, max = high + span * margin;
        double target = (minTicks + maxTicks) / 2.0;
        double best = double.NaN;
        int bestCount = 0;
        foreach (var steps in new[] { ClassicSteps, MoreSteps })
        {
            double power = Math.Pow(10, Math.Floor(Math.Log10((max - min) / target)) - 1);
            for (int decade = 0; decade < 3; decade++, power *= 10)
            {
                foreach (double m in steps)
                {
                    double step = m * power;
                    int count = TickCount(min, max, step);
                    bool inRange = count >= minTicks && count <= maxTicks;
                    bool bestInRange = bestCount >= minTicks && bestCount <= maxTicks;
                    if (double.IsNaN(best) || (inRange && !bestInRange)
                        || (inRange == bestInRange && Math.Abs(count - target) < Math.Abs(bestCount - target)))
                    {
                        best = step;
                        bestCount = count;
                    }
                }
            }
            if (bestCount >= minTicks && bestCount <= maxTicks)
            {
                break;
            }
        }
        var ticks = new double[bestCount];
        double first = Math.Ceiling(min / best - 1e-9);
        for (int i = 0; i < ticks.Length; i++)
        {
            double t = (first + i) * best;
            ticks[i] = Math.Abs(t) < best * 1e-9 ? 0 : t;
        }
        return new SvgAxis(min, max, ticks, DecimalsOf(best));
    }

    private static int TickCount(double min, double max, double step)
        => (int)(Math.Floor(max / step + 1e-9) - Math.Ceiling(min / step - 1e-9)) + 1;

    /// <summary>The decimals a tick step needs: 0.25 needs 2, 1.5 needs 1, 20 none.</summary>
    private static int DecimalsOf(double step)
    {
        for (int d = 0; d < 15; d++)
        {
            double scaled = step * Math.Pow(10, d);
            if (Math.Abs(scaled - Math.Round(scaled)) < 1e-6 * scaled)
            {
                return d;
            }
        }
        return 15;
    }

    /// <summary>A range that can be drawn: finite, and not a single value.</summary>
    private static (double Low, double High) Widened(double low, double high)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
        {
            return (0, 1);
        }
        if (high <= low)
        {
            double pad = low == 0 ? 1 : Math.Abs(low) * 0.05;
            return (low - pad, high + pad);
        }
        return (low, high);
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
