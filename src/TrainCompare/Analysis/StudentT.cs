namespace TrainCompare.Analysis;

/// <summary>
/// Student's t distribution for the batch tests: its tail through the regularized incomplete beta function
/// (Numerical Recipes' continued fraction, modified Lentz), and its quantile by bisection on that tail.
/// Accurate to about 1e-10 relative against scipy.stats.t over the degrees of freedom the tests meet (1 and up,
/// fractional ones included).
/// </summary>
public static class StudentT
{
    /// <summary>P(T &gt; t) for T with <paramref name="df"/> degrees of freedom (scipy.stats.t.sf).</summary>
    public static double Survival(double t, double df)
    {
        if (double.IsNaN(t) || !(df > 0))
        {
            return double.NaN;
        }
        if (double.IsPositiveInfinity(df))
        {
            return NormalDistribution.Survival(t);
        }
        double x = df / (df + t * t);
        double tail = 0.5 * RegularizedBeta(df / 2, 0.5, x);
        return t >= 0 ? tail : 1 - tail;
    }

    /// <summary>The two-sided p-value of a t statistic: P(|T| ≥ |t|).</summary>
    public static double TwoSidedP(double t, double df) => Math.Min(1, 2 * Survival(Math.Abs(t), df));

    /// <summary>The t with P(T ≤ t) = p (scipy.stats.t.ppf).</summary>
    public static double Quantile(double p, double df)
    {
        if (double.IsNaN(p) || !(df > 0) || p is < 0 or > 1)
        {
            return double.NaN;
        }
        if (p == 0.5)
        {
            return 0;
        }
        if (p < 0.5)
        {
            return -Quantile(1 - p, df);
        }
        if (p == 1)
        {
            return double.PositiveInfinity;
        }
        double tail = 1 - p;
        // the normal quantile is a lower bound; double the upper end until it brackets the answer
        double lo = 0, hi = Math.Max(1, NormalDistribution.Quantile(p));
        while (Survival(hi, df) > tail && hi < 1e300)
        {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Survival(mid, df) > tail)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>The regularized incomplete beta function I_x(a, b).</summary>
    public static double RegularizedBeta(double a, double b, double x)
    {
        if (x <= 0)
        {
            return 0;
        }
        if (x >= 1)
        {
            return 1;
        }
        double front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        // the continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise
        return x < (a + 1) / (a + b + 2)
            ? front * BetaFraction(a, b, x) / a
            : 1 - front * BetaFraction(b, a, 1 - x) / b;
    }

    private static double BetaFraction(double a, double b, double x)
    {
        const double tiny = 1e-300, eps = 1e-16;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        d = Math.Abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10_000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < eps)
            {
                break;
            }
        }
        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine terms: about 1e-15 relative).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // reflection: Γ(x)Γ(1 − x) = π / sin(πx)
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }
        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < g.Length; i++)
        {
            sum += g[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
