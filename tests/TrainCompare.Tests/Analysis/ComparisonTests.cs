using TrainCompare.Analysis;

namespace TrainCompare.Tests.Analysis;

public class ComparisonTests
{
    private static string Log(int steps, Func<int, double> loss, Func<int, double>? time = null, int firstStep = 1)
        => TestLogs.Log(steps, loss, time, firstStep);

    [Fact]
    public void Step_time_statistics_skip_warmup_by_count()
    {
        // times 1000, 1000, then 10, 20, 30: with warmup 2 the mean is 20 and the population std sqrt(200/3)
        double[] times = [1000, 1000, 10, 20, 30];
        var run = TestLogs.Run(Log(5, i => 1, i => times[i - 1]));
        var summary = RunSummary.Of(run, new ComparisonOptions { WarmupSteps = 2 });
        Assert.Equal(new StepTimeStats(3, 20.0, Math.Sqrt(200.0 / 3.0)), summary.StepTime);
        Assert.Equal([3L, 4L, 5L], summary.TimedSteps.Steps.ToArray());
        Assert.Equal(5, summary.StepTimeCount);
    }

    [Fact]
    public void A_run_whose_times_all_fall_in_warmup_has_no_step_time_stats()
    {
        var run = TestLogs.Run(Log(10, i => 1, i => 700));
        Assert.Null(RunSummary.Of(run, new ComparisonOptions { WarmupSteps = 15 }).StepTime);
    }

    [Fact]
    public void Final_loss_is_the_mean_of_the_last_window_or_of_all()
    {
        // losses 1..150: the last 100 are 51..150, mean 100.5
        var full = RunSummary.Of(TestLogs.Run(Log(150, i => i)), new ComparisonOptions());
        Assert.Equal(new FinalLoss(100.5, 100, false), full.FinalLoss);
        // exactly 100: no "(all N steps)" (the old script used len >= 100)
        var exact = RunSummary.Of(TestLogs.Run(Log(100, i => i)), new ComparisonOptions());
        Assert.Equal(new FinalLoss(50.5, 100, false), exact.FinalLoss);
        var few = RunSummary.Of(TestLogs.Run(Log(4, i => i)), new ComparisonOptions());
        Assert.Equal(new FinalLoss(2.5, 4, true), few.FinalLoss);
    }

    [Fact]
    public void Speedup_is_baseline_mean_over_run_mean()
    {
        var baseline = TestLogs.Run(Log(20, i => 1, i => i <= 15 ? 5000 : 700), "baseline");
        var fused = TestLogs.Run(Log(20, i => 1, i => i <= 15 ? 5000 : 650), "fused");
        var comparison = Comparison.Of([baseline, fused], new ComparisonOptions());
        Assert.Equal(700.0 / 650.0, Assert.Single(comparison.Comparisons).Speedup);
    }

    [Fact]
    public void Loss_difference_is_taken_at_common_steps_not_line_positions()
    {
        // baseline logs every step from 1; the compare run logs every other step from 2: by line position
        // (the old script) the differences would pair step 1 with step 2, step 2 with step 4, ...
        var baseline = TestLogs.Run(Log(10, i => 10.0 - i), "baseline");
        var sparse = TestLogs.Run(string.Concat(Enumerable.Range(1, 6).Select(k => FormattableString.Invariant($"Step: {2 * k}, Loss: {10.0 - 2 * k + 0.25}\n"))), "sparse");
        var diff = Comparison.Of([baseline, sparse], new ComparisonOptions()).Comparisons[0].LossDifference;
        Assert.Equal([2L, 4L, 6L, 8L, 10L], diff.Steps.ToArray());
        Assert.All(diff.Values.ToArray(), v => Assert.Equal(0.25, v));
    }

    [Fact]
    public void Runs_without_step_times_have_no_speedup()
    {
        var baseline = TestLogs.Run(Log(20, i => 1, i => 700), "baseline");
        var noTimes = TestLogs.Run(Log(20, i => 1), "losses-only");
        var comparison = Comparison.Of([baseline, noTimes], new ComparisonOptions());
        Assert.Null(comparison.Comparisons[0].Speedup);
    }
}
