namespace TrainCompare.Analysis;

/// <summary>
/// The standard normal tail and the complementary error function, to about 1e-14 relative accuracy over
/// the whole range (.NET has no erfc). Below 2, the Maclaurin series of erf; from 2 on, the continued fraction
/// of erfc (modified Lentz), which converges fast there and keeps full relative accuracy far into the tail.
/// </summary>
public static class NormalDistribution
{
    /// <summary>P(Z &gt; z) for a standard normal Z (scipy.stats.norm.sf).</summary>
    public static double Survival(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }
        if (x < 2)
        {
            return 1 - ErfSeries(x);
        }
        if (x > 27.3)
        {
            return 0; // below the smallest double
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) * ContinuedFraction(x);
    }

    /// <summary>erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).</summary>
    private static double ErfSeries(double x)
    {
        double x2 = x * x;
        double term = x; // (-1)^n x^(2n+1) / n!
        double sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    /// <summary>1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + 2 / (x + ...))))), by the modified Lentz method.</summary>
    private static double ContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 500; k++)
        {
            double a = k / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }
        return 1 / f;
    }
}
