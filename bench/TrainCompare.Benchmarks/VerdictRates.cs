using System.Globalization;
using TrainCompare.Analysis;
using TrainCompare.Runs;

namespace TrainCompare.Benchmarks;

/// <summary>
/// How often the verdicts are wrong, over many seeds: <c>dotnet run -c Release -- verdicts [SEEDS]</c>. The
/// tests hold the same cases to fixed seeds; this measures the rates behind them.
/// </summary>
public static class VerdictRates
{
    public static void Print(int seeds)
    {
        Console.WriteLine(FormattableString.Invariant($"speedup verdicts over {seeds} seeds (alpha 0.05):"));
        Rate("same distribution, independent, 2000 steps: called faster/slower", seeds, r => Called(r, 2000, 2000, 0, 1));
        Rate("same distribution, AR(1) phi 0.9, 2000 steps: called faster/slower", seeds, r => Called(r, 2000, 2000, 0.9, 1));
        Rate("same distribution, AR(1) phi 0.98, 2000 steps: called faster/slower", seeds, r => Called(r, 2000, 2000, 0.98, 1));
        Rate("same distribution, AR(1) phi 0.9, 3000 vs 300 steps: called faster/slower", seeds, r => Called(r, 3000, 300, 0.9, 1));
        Rate("AR(1) phi 0.9, 5% faster, 2000 steps: interval holds the true ratio", seeds, r =>
        {
            var s = Speedup.Of(Times(r, 2000, 700, 0.9), Times(r, 2000, 700 * 0.95, 0.9), 0.05)!;
            return s.CiLow <= 1 / 0.95 && 1 / 0.95 <= s.CiHigh;
        });
        Rate("AR(1) phi 0.9, 5% faster, 2000 steps: called faster", seeds, r => Speedup.Of(Times(r, 2000, 700, 0.9), Times(r, 2000, 665, 0.9), 0.05)!.Verdict == Verdict.Faster);
        Rate("independent, 3% faster, 800 steps: called faster", seeds, r => Speedup.Of(Times(r, 800, 700, 0), Times(r, 800, 700 / 1.03, 0), 0.05)!.Verdict == Verdict.Faster);
        Console.WriteLine("loss verdicts (1000 steps, same data: shared loss noise 0.1, each run's own 0.001):");
        Rate("same data: final loss called higher/lower", seeds, r => Loss(r, 0, 0, 0.001).Verdict != LossVerdict.Same);
        Rate("same data: a divergence reported", seeds, r => Loss(r, 0, 0, 0.001).DivergenceStep is not null);
        Rate("same data, difference wandering as AR(1) phi 0.95 (sd 0.002): final loss called higher/lower", seeds, r => Loss(r, 0, 0.95, 0.002).Verdict != LossVerdict.Same);
        Rate("+0.15 from step 300: divergence found at steps 300-320", seeds, r => Loss(r, 0.15, 0, 0.001).DivergenceStep is >= 300 and <= 320);
        Rate("+0.15 from step 300: final loss called higher", seeds, r => Loss(r, 0.15, 0, 0.001).Verdict == LossVerdict.Higher);
    }

    /// <summary>Two runs over the same data; the run's own noise is AR(1) with <paramref name="phi"/>; +jump from step 300.</summary>
    private static LossComparison Loss(Random r, double jump, double phi, double sd)
    {
        const int n = 1000;
        double e = sd * Normal(r);
        var b = new double[n];
        var run = new double[n];
        for (int i = 0; i < n; i++)
        {
            double shared = 2 + 8 * Math.Exp(-i / 200.0) + 0.1 * Normal(r);
            e = i == 0 ? e : phi * e + sd * Math.Sqrt(1 - phi * phi) * Normal(r);
            b[i] = shared + (phi == 0 ? 0.001 * Normal(r) : 0);
            run[i] = shared + e + (i + 1 >= 300 ? jump : 0);
        }
        Run Make(string label, double[] v) => new(label, [label], "sim",
            new Dictionary<string, Series>(StringComparer.Ordinal) { [Metrics.Loss] = Series.Arithmetic(Metrics.Loss, 1, 1, v, n) }, []);
        return Comparison.Of([Make("base", b), Make("run", run)], new ComparisonOptions()).Comparisons[0].Loss;
    }

    private static bool Called(Random r, int n1, int n2, double phi, double scale)
        => Speedup.Of(Times(r, n1, 700, phi), Times(r, n2, 700 * scale, phi), 0.05)!.Verdict != Verdict.Same;

    private static void Rate(string what, int seeds, Func<Random, bool> trial)
    {
        int hits = 0;
        for (int seed = 0; seed < seeds; seed++)
        {
            hits += trial(new Random(100_000 + seed)) ? 1 : 0;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {hits}/{seeds} = {100.0 * hits / seeds:F1}%"));
    }

    private static double[] Times(Random rng, int n, double mean, double phi)
    {
        var x = new double[n];
        double e = 0.01 * Normal(rng);
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                e = phi * e + 0.01 * Math.Sqrt(1 - phi * phi) * Normal(rng);
            }
            x[i] = mean * (1 + e);
        }
        return x;
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
