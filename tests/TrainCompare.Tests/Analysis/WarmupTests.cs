using TrainCompare.Analysis;

namespace TrainCompare.Tests.Analysis;

/// <summary>--warmup-steps auto: MSER-5 finds where step times settle.</summary>
public class WarmupTests
{
    [Theory]
    [InlineData(40, 2000)]
    [InlineData(200, 5000)]
    public void A_slow_start_that_settles_is_cut_where_it_settles(int warmup, int n)
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var times = Noise.StepTimes(new Random(seed), n, 700, 0.5, 0.01);
            for (int i = 0; i < warmup; i++)
            {
                times[i] *= 1 + 0.5 * (warmup - i) / warmup; // 50% slower at the start, settling linearly
            }
            times[0] = 30_000; // the first step compiles
            int found = Warmup.Detect(times);
            Assert.InRange(found, warmup * 0.6, warmup + 25);
        }
    }

    [Fact]
    public void A_settled_run_loses_little_and_periodic_pauses_do_not_move_the_cut()
    {
        var times = Noise.StepTimes(new Random(3), 2000, 700, 0, 0.01);
        Assert.InRange(Warmup.Detect(times), 0, 100);
        for (int i = 49; i < times.Length; i += 50)
        {
            times[i] *= 3;
        }
        Assert.InRange(Warmup.Detect(times), 0, 100);
    }

    [Fact]
    public void A_short_log_keeps_most_of_its_step_times()
    {
        double[] times = [5000, 720, 701, 699, 703, 698, 702, 700, 704, 699];
        Assert.Equal(2, Warmup.Detect(times)); // 720 is still warming up, against 701 ± 2 after it
        Assert.Equal(0, Warmup.Detect([700, 701, 699]));
    }

    [Fact]
    public void Auto_warm_up_says_where_it_cut_and_a_number_that_takes_everything_says_how_to_change_it()
    {
        var times = TrainCompare.Runs.Series.Arithmetic("step_time_ms", 1, 1, [5000, 720, 701, 699, 703, 698, 702, 700, 704, 699], 10);
        var loss = TrainCompare.Runs.Series.Arithmetic("loss", 1, 1, Enumerable.Repeat(3.0, 10).ToArray(), 10);
        var run = LossVerdictTests.MakeRun("short", loss, times);
        var auto = RunSummary.Of(run, new ComparisonOptions { AutoWarmup = true });
        Assert.Equal([2], auto.WarmupSkipped);
        Assert.Equal(8, auto.PooledStepTimes.Length);
        Assert.Equal("warm-up (auto): the first 2 step times skipped; step times settle from step 3", Assert.Single(auto.Findings.Messages()));
        var fixedWarmup = RunSummary.Of(run, new ComparisonOptions());
        Assert.Equal(0, fixedWarmup.PooledStepTimes.Length);
        Assert.Equal("warm-up took all 10 step times (--warmup-steps 15): nothing left to compare; pass --warmup-steps auto, or a number below 10, to keep some",
            Assert.Single(fixedWarmup.Findings.Messages()));
    }

    [Fact]
    public void A_fixed_warm_up_that_leaves_a_slow_start_in_suggests_auto()
    {
        var times = Noise.StepTimes(new Random(8), 2000, 700, 0.9, 0.01);
        for (int i = 0; i < times.Length; i++)
        {
            times[i] *= 1 + 0.3 * Math.Exp(-i / 100.0); // settles over ~300 steps, not 15
        }
        var run = LossVerdictTests.MakeRun("ramp", TrainCompare.Runs.Series.Arithmetic("loss", 1, 1, new double[2000], 2000),
            TrainCompare.Runs.Series.Arithmetic("step_time_ms", 1, 1, times, 2000));
        string note = Assert.Single(RunSummary.Of(run, new ComparisonOptions()).Findings.Messages());
        Assert.Matches(@"^step times are still settling after the 15 warm-up step times: they settle from step \d+, and the \d+ before it are slower; --warmup-steps auto skips them$", note);
        Assert.Empty(RunSummary.Of(run, new ComparisonOptions { WarmupSteps = 600 }).Findings.Messages());
        var settled = LossVerdictTests.MakeRun("settled", TrainCompare.Runs.Series.Arithmetic("loss", 1, 1, new double[2000], 2000),
            TrainCompare.Runs.Series.Arithmetic("step_time_ms", 1, 1, Noise.StepTimes(new Random(8), 2000, 700, 0.9, 0.01), 2000));
        Assert.Empty(RunSummary.Of(settled, new ComparisonOptions()).Findings.Messages());
    }
}
