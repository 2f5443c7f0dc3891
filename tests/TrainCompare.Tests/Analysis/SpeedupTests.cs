using System.Diagnostics;
using TrainCompare.Analysis;

namespace TrainCompare.Tests.Analysis;

/// <summary>Planted cases with fixed seeds: known effects must be found, and no effect must mostly read "same".</summary>
public class SpeedupTests
{
    private static double[] Normal(Random rng, int n, double mean, double sd)
        => Enumerable.Range(0, n).Select(_ => mean + sd * Noise.Normal(rng)).ToArray();

    [Theory]
    [InlineData(100)]
    [InlineData(5000)]
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
        Assert.True(s.PValue < (n > 1000 ? 1e-10 : 1e-6), $"p = {s.PValue}");
    }

    // The targets: pairs drawn from one distribution whose neighbouring steps are correlated (AR(1)
    // noise, 1% sd) must rarely be told apart; tests that assume independence did in 15 of 20 pairs.
    [Theory]
    [InlineData(0.9)]
    [InlineData(0.98)]
    public void Same_distribution_pairs_with_drifting_step_times_are_rarely_called_faster_or_slower(double phi)
    {
        int called = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var rng = new Random(4000 + seed);
            var s = Speedup.Of(Noise.StepTimes(rng, 2000, 700, phi, 0.01), Noise.StepTimes(rng, 2000, 700, phi, 0.01), 0.05)!;
            called += s.Verdict == Verdict.Same ? 0 : 1;
            Assert.True(s.BatchSize >= (phi > 0.95 ? 100 : 20), $"batch size {s.BatchSize} for phi {phi}");
        }
        Assert.True(called <= 1, $"{called} of 20 same-distribution pairs were called faster or slower (phi {phi})");
    }

    [Fact]
    public void Drifting_runs_of_different_length_are_rarely_told_apart()
    {
        // a long baseline against a short run (a crash, a quick check): the short run's few batches decide the error
        int called = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var rng = new Random(8000 + seed);
            var s = Speedup.Of(Noise.StepTimes(rng, 3000, 700, 0.9, 0.01), Noise.StepTimes(rng, 300, 700, 0.9, 0.01), 0.05)!;
            called += s.Verdict == Verdict.Same ? 0 : 1;
            Assert.True(s.RunBatches >= 2);
        }
        Assert.True(called <= 1, $"{called} of 20 same-distribution pairs of 3000 and 300 steps were called faster or slower");
    }

    [Fact]
    public void Over_many_drifting_pairs_the_false_call_rate_stays_near_alpha()
    {
        int called = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            var rng = new Random(9000 + seed);
            var s = Speedup.Of(Noise.StepTimes(rng, 2000, 700, 0.9, 0.01), Noise.StepTimes(rng, 2000, 700, 0.9, 0.01), 0.05)!;
            called += s.Verdict == Verdict.Same ? 0 : 1;
        }
        Assert.True(called <= 20, $"{called} of 200 (alpha 0.05)");
    }

    [Fact]
    public void Independent_noise_3_percent_faster_over_800_steps_is_faster_with_the_interval_above_one()
    {
        var rng = new Random(21);
        var s = Speedup.Of(Noise.StepTimes(rng, 800, 700, 0, 0.01), Noise.StepTimes(rng, 800, 700 / 1.03, 0, 0.01), 0.05)!;
        Assert.Equal(Verdict.Faster, s.Verdict);
        Assert.True(s.CiLow > 1.0, $"CI {s.CiLow}..{s.CiHigh}");
    }

    [Fact]
    public void Drifting_step_times_5_percent_faster_are_faster_and_the_interval_holds_the_true_ratio()
    {
        const double truth = 1 / 0.95;
        int covered = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var rng = new Random(6000 + seed);
            var s = Speedup.Of(Noise.StepTimes(rng, 2000, 700, 0.9, 0.01), Noise.StepTimes(rng, 2000, 700 * 0.95, 0.9, 0.01), 0.05)!;
            Assert.Equal(Verdict.Faster, s.Verdict);
            covered += s.CiLow <= truth && truth <= s.CiHigh ? 1 : 0;
        }
        Assert.True(covered >= 36, $"the 95% interval held the true ratio in {covered} of 40 seeds");
    }

    [Fact]
    public void Periodic_pauses_in_both_runs_do_not_make_a_difference()
    {
        for (int seed = 0; seed < 10; seed++)
        {
            var rng = new Random(7000 + seed);
            var a = Noise.StepTimes(rng, 2000, 700, 0, 0.01);
            var b = Noise.StepTimes(rng, 2000, 700, 0, 0.01);
            for (int i = 0; i < a.Length; i += 50)
            {
                a[i] *= 3;
                b[i] *= 3;
            }
            var s = Speedup.Of(a, b, 0.05)!;
            Assert.Equal(Verdict.Same, s.Verdict);
            Assert.InRange(s.MedianRatio, 0.99, 1.01);
        }
    }

    [Fact]
    public void A_run_too_short_for_two_batches_gets_no_interval_and_no_verdict()
    {
        var s = Speedup.Of([700, 701, 699], [650], 0.05)!;
        Assert.False(s.HasInterval);
        Assert.Equal(Verdict.Same, s.Verdict);
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
    public void Small_samples_get_an_interval_that_holds_the_truth_about_as_often_as_it_says()
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
