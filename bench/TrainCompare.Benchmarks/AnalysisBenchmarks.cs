using BenchmarkDotNet.Attributes;
using TrainCompare.Analysis;
using TrainCompare.Runs;

namespace TrainCompare.Benchmarks;

/// <summary>
/// The whole analysis (<see cref="Comparison.Of"/>: step-time statistics, the batch plans and the speedup
/// test, the loss difference with its interval, divergence, time to target) of two runs already read, so
/// that reading and charts are out of it. Target: under 60 ms for two runs of 100,000 steps.
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private Run[] _runs = [];
    private readonly ComparisonOptions _options = new();

    [Params(100_000)]
    public int Steps { get; set; }

    /// <summary>Two runs over the same data: AR(1) step-time noise (φ 0.9, 1%), one 5% faster; losses that share a curve.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _runs = [Make("baseline", rng, 700), Make("fused", rng, 665)];
    }

    private Run Make(string label, Random rng, double meanMs)
    {
        var loss = new double[Steps];
        var time = new double[Steps];
        double e = 0;
        for (int i = 0; i < Steps; i++)
        {
            e = 0.9 * e + 0.01 * Math.Sqrt(1 - 0.81) * Normal(rng);
            time[i] = meanMs * (1 + e);
            loss[i] = 2 + 8 * Math.Exp(-i / 20_000.0) + 0.1 * Math.Sin(i * 0.37) + 0.001 * Normal(rng);
        }
        var series = new Dictionary<string, Series>(StringComparer.Ordinal)
        {
            [Metrics.Loss] = Series.Arithmetic(Metrics.Loss, 1, 1, loss, Steps),
            [Metrics.StepTimeMs] = Series.Arithmetic(Metrics.StepTimeMs, 1, 1, time, Steps),
        };
        return new Run(label, [label + ".txt"], "tt-train", series, []);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Benchmark]
    public Comparison Analyse() => Comparison.Of(_runs, _options);
}
