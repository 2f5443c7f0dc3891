using System.Diagnostics;
using TrainCompare.Analysis;

namespace TrainCompare.Tests.Analysis;

/// <summary>Planted cases with fixed seeds: known effects must be found, and no effect must mostly read "same".</summary>
public class SpeedupTests
{
    private static double[] Normal(Random rng, int n, double mean, double sd)
        => Enumerable.Range(0, n).Select(_ => mean + sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble())).ToArray();

    [Theory]
    [InlineData(100)]   // bootstrap interval
    [InlineData(5000)]  // order-statistic interval
    public void A_run_3_percent_faster_with_1_percent_noise_is_faster_with_an_interval_above_one(int n)
    {
        var rng = new Random(11);
        var baseline = Normal(rng, n, 700, 7);
        var fused = Normal(rng, n, 700 / 1.03, 7);
        var s = Speedup.Of(baseline, fused, alpha: 0.05)!;
        Assert.Equal(Verdict.Faster, s.Verdict);
        Assert.True(s.CiLow > 1.0, $"CI {s.CiLow}..{s.CiHigh}");
        Assert.InRange(1.03, s.CiLow, s.CiHigh);
        Assert.InRange(s.MedianRatio, 1.02, 1.04);
        Assert.True(s.PValue < 1e-10);
    }

    [Fact]
    public void A_slower_run_is_slower()
    {
        var rng = new Random(5);
        var s = Speedup.Of(Normal(rng, 1000, 650, 6), Normal(rng, 1000, 700, 6), 0.05)!;
        Assert.Equal(Verdict.Slower, s.Verdict);
        Assert.True(s.CiHigh < 1.0);
    }

    [Fact]
    public void Pairs_from_one_distribution_mostly_read_same()
    {
        int same = 0, covered = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            var rng = new Random(1000 + seed);
            var s = Speedup.Of(Normal(rng, 600, 700, 10), Normal(rng, 600, 700, 10), 0.05)!;
            same += s.Verdict == Verdict.Same ? 1 : 0;
            covered += s.CiLow <= 1.0 && 1.0 <= s.CiHigh ? 1 : 0;
        }
        Assert.True(same >= 180, $"{same} of 200 read same");
        Assert.True(covered >= 180, $"the interval held 1.0 in {covered} of 200");
    }

    [Fact]
    public void The_bootstrap_interval_is_reproducible_and_holds_the_truth_about_as_often_as_it_says()
    {
        var rng = new Random(3);
        var a = Normal(rng, 50, 700, 10);
        var b = Normal(rng, 50, 680, 10);
        Assert.Equal(Speedup.Of(a, b, 0.05), Speedup.Of(a, b, 0.05));
        int covered = 0;
        for (int seed = 0; seed < 30; seed++)
        {
            var r = new Random(500 + seed);
            var s = Speedup.Of(Normal(r, 30, 700, 10), Normal(r, 30, 680, 10), 0.05)!;
            covered += s.CiLow <= 700.0 / 680 && 700.0 / 680 <= s.CiHigh ? 1 : 0;
        }
        Assert.True(covered >= 25, $"held the true ratio in {covered} of 30");
    }

    [Fact]
    public void Mean_ratio_is_the_classic_speedup_and_non_finite_times_are_dropped()
    {
        var s = Speedup.Of([700, 700, 700, double.NaN], [650, 650, 650], 0.05)!;
        Assert.Equal(700.0 / 650.0, s.MeanRatio);
        Assert.Null(Speedup.Of([], [1.0], 0.05));
    }
}
