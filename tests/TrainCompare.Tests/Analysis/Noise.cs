namespace TrainCompare.Tests.Analysis;

/// <summary>Seeded noise for planted cases: standard normals (Box–Muller) and AR(1) series.</summary>
internal static class Noise
{
    public static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>An AR(1) series x[t] = φ x[t−1] + e[t], started in its stationary distribution, with marginal sd <paramref name="sd"/>.</summary>
    public static double[] Ar1(Random rng, int n, double phi, double sd)
    {
        var x = new double[n];
        double innovation = sd * Math.Sqrt(1 - phi * phi);
        x[0] = sd * Normal(rng);
        for (int i = 1; i < n; i++)
        {
            x[i] = phi * x[i - 1] + innovation * Normal(rng);
        }
        return x;
    }

    /// <summary>Step times around <paramref name="mean"/> ms with AR(1) relative noise.</summary>
    public static double[] StepTimes(Random rng, int n, double mean, double phi, double relativeSd)
        => Ar1(rng, n, phi, relativeSd).Select(e => mean * (1 + e)).ToArray();
}
