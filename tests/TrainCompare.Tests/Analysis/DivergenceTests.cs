using TrainCompare.Analysis;
using TrainCompare.Runs;

namespace TrainCompare.Tests.Analysis;

public class DivergenceTests
{
    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.999, 3.090232306167813)]
    [InlineData(0.999995, 4.417173413467605)]
    [InlineData(1e-10, -6.361340902404056)]
    public void Normal_quantile_equals_scipy(double p, double expected)
        => Assert.Equal(expected, NormalDistribution.Quantile(p), 10); // near 1, one ulp of p moves the quantile by ~1e-12

    /// <summary>Two runs with the same data order: a shared curve, each with its own noise; from step k the run drifts up.</summary>
    private static (Series Baseline, Series Run) Planted(int seed, int steps, int k, double jump)
    {
        var rng = new Random(seed);
        var b = new double[steps];
        var r = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            double curve = 2 + 8 * Math.Exp(-i / 300.0);
            b[i] = curve + 0.03 * Noise.Normal(rng);
            r[i] = curve + 0.03 * Noise.Normal(rng) + (i + 1 >= k ? jump : 0);
        }
        return (Series.Arithmetic("loss", 1, 1, b, steps), Series.Arithmetic("loss", 1, 1, r, steps));
    }

    [Theory]
    [InlineData(1, 600)]
    [InlineData(2, 1500)]
    [InlineData(3, 2500)]
    public void A_departure_at_step_k_is_found_within_a_few_steps_of_k_and_never_before(int seed, int k)
    {
        var (baseline, run) = Planted(seed, 3000, k, jump: 0.3);
        var difference = LossDifference.Between(run, baseline);
        var found = Divergence.Find(difference, smoothing: 0.6, tolerance: null);
        Assert.True(found.ToleranceFromData);
        Assert.NotNull(found.Step);
        Assert.InRange(found.Step!.Value, k, k + 5);
    }

    [Fact]
    public void Runs_that_agree_up_to_noise_never_diverge()
    {
        int falseAlarms = 0;
        for (int seed = 0; seed < 50; seed++)
        {
            var (baseline, run) = Planted(100 + seed, 2000, int.MaxValue, 0);
            falseAlarms += Divergence.Find(LossDifference.Between(run, baseline), 0.6, null).Step is null ? 0 : 1;
        }
        Assert.True(falseAlarms <= 2, $"{falseAlarms} of 50 noise-only pairs were called divergent");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    public void A_regression_of_0_15_from_step_300_is_found_within_20_steps_though_it_is_small_against_the_losses_own_noise(double smoothing)
    {
        // the loss curve's own step-to-step noise (0.1) is 70 times the noise of the difference (0.0014): the
        // tolerance must come from the difference, or a 6.9% regression passes as "within tolerance"
        for (int seed = 0; seed < 5; seed++)
        {
            var (baseline, run) = SameData(seed, 1000, lossNoise: 0.1, runNoise: 0.001, from: 300, jump: 0.15);
            var found = Divergence.Find(LossDifference.Between(run, baseline), smoothing, null);
            Assert.InRange(found.Step ?? -1, 300, 320);
            Assert.InRange(found.Tolerance, 0.001, 0.02);
        }
    }

    [Fact]
    public void Fifty_same_data_pairs_with_independent_noise_give_at_most_two_divergences()
    {
        int falseAlarms = 0;
        for (int seed = 0; seed < 50; seed++)
        {
            var (baseline, run) = SameData(200 + seed, 1000, lossNoise: 0.1, runNoise: 0.001, from: int.MaxValue, jump: 0);
            falseAlarms += Divergence.Find(LossDifference.Between(run, baseline), 0, null).Step is null ? 0 : 1;
        }
        Assert.True(falseAlarms <= 2, $"{falseAlarms} of 50 same-data pairs were called divergent");
    }

    [Fact]
    public void Losses_rounded_to_four_decimals_do_not_diverge_on_one_rounding_step()
    {
        var b = Enumerable.Range(0, 500).Select(i => 3.0).ToArray();
        var r = b.Select((v, i) => i == 250 ? v + 0.0001 : v).ToArray();
        var found = Divergence.Find(LossDifference.Between(Series.Arithmetic("loss", 1, 1, r, 500), Series.Arithmetic("loss", 1, 1, b, 500)), 0, null);
        Assert.Null(found.Step);
        Assert.Equal(0.0001, found.Tolerance, 12);
    }

    /// <summary>
    /// Two runs over the same data: a shared curve with a large noise of its own (the batches both see), plus
    /// a small independent noise per run; from step <paramref name="from"/> on the run's loss is higher by <paramref name="jump"/>.
    /// </summary>
    internal static (Series Baseline, Series Run) SameData(int seed, int steps, double lossNoise, double runNoise, int from, double jump)
    {
        var rng = new Random(seed);
        var b = new double[steps];
        var r = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            double shared = 2 + 8 * Math.Exp(-i / 200.0) + lossNoise * Noise.Normal(rng);
            b[i] = shared + runNoise * Noise.Normal(rng);
            r[i] = shared + runNoise * Noise.Normal(rng) + (i + 1 >= from ? jump : 0);
        }
        return (Series.Arithmetic("loss", 1, 1, b, steps), Series.Arithmetic("loss", 1, 1, r, steps));
    }

    [Fact]
    public void A_given_tolerance_is_used_as_is()
    {
        var diff = new Series("d", [10, 20, 30, 40], [0.0, 0.05, 0.2, 0.3], 4);
        var found = Divergence.Find(diff, 0, 0.1);
        Assert.Equal(30L, found.Step);
        Assert.Equal(0.1, found.Tolerance);
        Assert.False(found.ToleranceFromData);
    }

    [Fact]
    public void Relative_alignment_compares_steps_since_each_runs_first_step()
    {
        var baseline = TestLogs.Run("Step: 1, Loss: 5\nStep: 2, Loss: 4\nStep: 3, Loss: 3\n", "base");
        var finetune = TestLogs.Run("Step: 1001, Loss: 5.5\nStep: 1002, Loss: 4.5\nStep: 1003, Loss: 3.5\n", "ft");
        Assert.Equal(0, Comparison.Of([baseline, finetune], new ComparisonOptions()).Comparisons[0].Loss.CommonSteps);
        var relative = Comparison.Of([baseline, finetune], new ComparisonOptions { Align = Alignment.Relative });
        var loss = relative.Comparisons[0].Loss;
        Assert.Equal(3, loss.CommonSteps);
        Assert.Equal(0.5, loss.FinalWindowDiff);
        Assert.Equal([0L, 1L, 2L], relative.Comparisons[0].LossDifference.Steps.ToArray());
    }
}
