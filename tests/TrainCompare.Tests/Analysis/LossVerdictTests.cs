using TrainCompare.Analysis;
using TrainCompare.Runs;

namespace TrainCompare.Tests.Analysis;

/// <summary>The final-window loss verdict, equivalence, runs of different length and time to the target loss.</summary>
public class LossVerdictTests
{
    internal static Run MakeRun(string label, Series loss, Series? times = null)
    {
        var series = new Dictionary<string, Series>(StringComparer.Ordinal) { [Metrics.Loss] = loss };
        if (times is not null)
        {
            series[Metrics.StepTimeMs] = times;
        }
        return new Run(label, [label + ".txt"], "test", series, []);
    }

    private static Comparison Compare(Series baseline, Series run, ComparisonOptions? options = null)
        => Comparison.Of([MakeRun("base", baseline), MakeRun("run", run)], options ?? new ComparisonOptions());

    [Fact]
    public void A_regression_from_step_300_is_higher_departs_within_20_steps_and_is_not_called_within_tolerance()
    {
        var (baseline, run) = DivergenceTests.SameData(7, 1000, lossNoise: 0.1, runNoise: 0.001, from: 300, jump: 0.15);
        var c = Compare(baseline, run).Comparisons[0];
        var l = c.Loss;
        Assert.InRange(l.DivergenceStep ?? -1, 300, 320);
        Assert.Equal(LossVerdict.Higher, l.Verdict);
        Assert.InRange(l.FinalWindowDiff!.Value, 0.149, 0.151);
        Assert.True(l.FinalWindowCiLow > 0.14 && l.FinalWindowCiHigh < 0.16, $"{l.FinalWindowCiLow}..{l.FinalWindowCiHigh}");
        string line = TrainCompare.Reports.VerdictLine.Verdict(c);
        Assert.StartsWith("1.", line.Length > 0 ? "1." : "", StringComparison.Ordinal);
        Assert.Contains("loss departs from the baseline at step 3", line, StringComparison.Ordinal);
        Assert.Contains("higher", line, StringComparison.Ordinal);
        Assert.DoesNotContain("within tolerance", line, StringComparison.Ordinal);
        Assert.Equal(TrainCompare.Reports.Tone.Bad, TrainCompare.Reports.VerdictLine.Parts(c)[1].Tone);
    }

    [Fact]
    public void Same_data_pairs_mostly_read_same_and_the_interval_holds_zero_about_as_often_as_it_says()
    {
        int same = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var (baseline, run) = DivergenceTests.SameData(300 + seed, 1000, lossNoise: 0.1, runNoise: 0.001, from: int.MaxValue, jump: 0);
            var l = Compare(baseline, run).Comparisons[0].Loss;
            same += l.Verdict == LossVerdict.Same ? 1 : 0;
        }
        Assert.True(same >= 36, $"{same} of 40 read same");
    }

    [Fact]
    public void A_correlated_difference_series_widens_the_interval_instead_of_calling_a_difference()
    {
        // the difference between two runs wanders (AR(1), φ = 0.95) around zero: the window's mean is far from
        // zero in units of the independent-noise standard error, but not in units of the batch one
        int called = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var rng = new Random(500 + seed);
            var drift = Noise.Ar1(rng, 1000, 0.95, 0.002);
            var b = Enumerable.Range(0, 1000).Select(i => 3.0 + Math.Exp(-i / 200.0)).ToArray();
            var r = b.Select((v, i) => v + drift[i]).ToArray();
            var l = Compare(Series.Arithmetic("loss", 1, 1, b, 1000), Series.Arithmetic("loss", 1, 1, r, 1000)).Comparisons[0].Loss;
            called += l.Verdict == LossVerdict.Same ? 0 : 1;
            Assert.True(l.FinalWindowPlan!.Value.Size > 1);
        }
        Assert.True(called <= 5, $"{called} of 40 wandering differences were called higher or lower");
    }

    [Fact]
    public void Equivalence_is_claimed_only_when_the_whole_interval_lies_within_the_margin()
    {
        var (baseline, run) = DivergenceTests.SameData(11, 1000, lossNoise: 0.1, runNoise: 0.001, from: int.MaxValue, jump: 0);
        var wide = Compare(baseline, run, new ComparisonOptions { Gates = new GateOptions { MaxLossDiff = 0.01 } }).Comparisons[0].Loss;
        Assert.Equal("--max-loss-diff", wide.MarginSource);
        Assert.True(wide.Equivalent);
        // a margin inside the interval: not shown, even though the point estimate is within it
        double halfWidth = (wide.FinalWindowCiHigh!.Value - wide.FinalWindowCiLow!.Value) / 2;
        var tight = Compare(baseline, run, new ComparisonOptions { Gates = new GateOptions { MaxLossDiff = halfWidth / 2 + Math.Abs(wide.FinalWindowDiff!.Value) } })
            .Comparisons[0].Loss;
        Assert.True(Math.Abs(tight.FinalWindowDiff!.Value) <= tight.Margin);
        Assert.False(tight.Equivalent);
        Assert.Null(Compare(baseline, run).Comparisons[0].Loss.Equivalent);
    }

    [Fact]
    public void A_run_that_crashed_early_is_compared_over_the_steps_both_logged_and_says_so()
    {
        var b = Series.Arithmetic("loss", 1, 1, Enumerable.Range(1, 1000).Select(i => 2 + 1.0 / i).ToArray(), 1000);
        var r = Series.Arithmetic("loss", 1, 1, Enumerable.Range(1, 612).Select(i => 2 + 1.0 / i + 0.01).ToArray(), 612);
        var c = Compare(b, r).Comparisons[0];
        Assert.Equal(513L, c.Loss.FinalWindowFirstStep);
        Assert.Equal(612L, c.Loss.FinalWindowLastStep);
        Assert.Equal(0.01, c.Loss.FinalWindowDiff!.Value, 12);
        string warning = Assert.Single(c.Findings.Messages());
        Assert.Equal("run ends at step 612, base at step 1000: stopped early (crashed or shorter); the final window is steps 513–612, which both logged", warning);
        Assert.Contains(warning, TrainCompare.Reports.SummaryTables.Alarms(Compare(b, r)));
        Assert.Empty(Compare(b, b).Comparisons[0].Findings.Messages());
    }

    [Fact]
    public void Time_to_target_is_the_first_step_where_the_trailing_mean_reaches_the_baselines_final_loss()
    {
        // baseline: loss 10 − i/10 over steps 1..100, 100 ms a step; final window 10 → target = mean of steps 91..100 = 0.45
        var steps = Enumerable.Range(1, 100).ToArray();
        var baseLoss = Series.Arithmetic("loss", 1, 1, steps.Select(i => 10 - i / 10.0).ToArray(), 100);
        var baseTime = Series.Arithmetic("step_time_ms", 1, 1, steps.Select(_ => 100.0).ToArray(), 100);
        // the run learns twice as fast per step (loss max(10 − i/5, 0)) but each step takes 250 ms
        var runLoss = Series.Arithmetic("loss", 1, 1, steps.Select(i => Math.Max(10 - i / 5.0, 0)).ToArray(), 100);
        var runTime = Series.Arithmetic("step_time_ms", 1, 1, steps.Select(_ => 250.0).ToArray(), 100);
        var comparison = Comparison.Of([MakeRun("base", baseLoss, baseTime), MakeRun("slow-steps", runLoss, runTime)],
            new ComparisonOptions { FinalWindow = 10, WarmupSteps = 0 });
        Assert.Equal(0.45, comparison.BaselineTimeToTarget!.Target, 12);
        Assert.Equal(100L, comparison.BaselineTimeToTarget.Step);
        Assert.Equal(10_000, comparison.BaselineTimeToTarget.WallTimeMs!.Value, 9);
        var c = comparison.Comparisons[0];
        // trailing mean of steps 43..52: (1.4 + 1.2 + ... + 0.2 + 0 + 0 + 0) / 10 = 0.56 > 0.45; of 44..53: 0.42 ≤ 0.45
        Assert.Equal(53L, c.TimeToTarget.Step);
        Assert.Equal(53 * 250.0, c.TimeToTarget.WallTimeMs!.Value, 9);
        Assert.Equal(10_000 / 13_250.0, c.EffectiveSpeedup(comparison)!.Value, 12);
        Assert.Equal(0.4, c.Speedup!.Value, 12); // steps 2.5× slower, but only 1.325× slower to the target
    }

    [Fact]
    public void A_run_that_never_reaches_the_target_has_no_effective_speedup_and_sparse_step_times_are_scaled()
    {
        var baseLoss = Series.Arithmetic("loss", 10, 10, Enumerable.Range(1, 50).Select(i => 5.0 - i / 50.0).ToArray(), 50);
        // step times logged every 10 steps (as nanoGPT's log interval): 10 steps elapse per logged time
        var baseTime = Series.Arithmetic("step_time_ms", 10, 10, Enumerable.Range(1, 50).Select(_ => 200.0).ToArray(), 50);
        var stuck = Series.Arithmetic("loss", 10, 10, Enumerable.Range(1, 50).Select(_ => 5.0).ToArray(), 50);
        var comparison = Comparison.Of([MakeRun("base", baseLoss, baseTime), MakeRun("stuck", stuck, baseTime)],
            new ComparisonOptions { FinalWindow = 5, WarmupSteps = 0 });
        Assert.Equal(500L, comparison.BaselineTimeToTarget!.Step);
        Assert.Equal(491 * 200.0, comparison.BaselineTimeToTarget.WallTimeMs!.Value, 9); // steps 10..500: 491 steps at 200 ms
        Assert.Null(comparison.Comparisons[0].TimeToTarget.Step);
        Assert.Null(comparison.Comparisons[0].EffectiveSpeedup(comparison));
    }
}
