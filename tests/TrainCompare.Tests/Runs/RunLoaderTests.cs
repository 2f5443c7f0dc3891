using TrainCompare.Runs;

namespace TrainCompare.Tests.Runs;

public class RunLoaderTests
{
    [Fact]
    public void Series_are_keyed_by_printed_step_and_later_values_win_after_a_restart()
    {
        var run = TestLogs.Run("""
            Step: 1, Loss: 5.0, Time: 700 ms
            Step: 2, Loss: 4.0, Time: 710 ms
            Step: 3, Loss: 3.0, Time: 720 ms
            Step: 4, Loss: 2.0, Time: 730 ms
            Loading checkpoint from step 2
            Step: 3, Loss: 3.5, Time: 800 ms
            Step: 4, Loss: 2.5, Time: 810 ms
            Step: 5, Loss: 1.5, Time: 820 ms
            """);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], run.Loss.Steps.ToArray());
        Assert.Equal([5.0, 4.0, 3.5, 2.5, 1.5], run.Loss.Values.ToArray());
        Assert.Equal([700.0, 710.0, 800.0, 810.0, 820.0], run.StepTimeMs.Values.ToArray());
        var warning = Assert.Single(run.Findings.Messages());
        Assert.Equal("the log restarts at line 6 (step 3 after step 4: resumed from a checkpoint, or two runs in one file); for steps printed twice the later value is used", warning);
    }

    [Fact]
    public void Two_runs_in_one_file_are_reported_and_the_second_wins()
    {
        string one = string.Join("\n", Enumerable.Range(1, 3).Select(i => $"Step: {i}, Loss: {10 - i}, Time: 700 ms"));
        string two = string.Join("\n", Enumerable.Range(1, 4).Select(i => $"Step: {i}, Loss: {20 - i}, Time: 600 ms"));
        var run = TestLogs.Run(one + "\n" + two + "\n");
        Assert.Equal([19.0, 18.0, 17.0, 16.0], run.Loss.Values.ToArray());
        Assert.Contains("line 4 (step 1 after step 3", Assert.Single(run.Findings.Messages()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_printed_twice_in_a_row_is_reported()
    {
        var run = TestLogs.Run("Step: 1, Loss: 5\nStep: 1, Loss: 6\n");
        Assert.Equal([6.0], run.Loss.Values.ToArray());
        Assert.Equal("step 1 is printed again at line 2; the later value is used", Assert.Single(run.Findings.Messages()));
    }

    [Fact]
    public void Many_restarts_are_listed_up_to_a_limit_then_counted()
    {
        var text = string.Concat(Enumerable.Range(0, 6).Select(_ => "Step: 1, Loss: 1\nStep: 2, Loss: 1\n"));
        var run = TestLogs.Run(text);
        Assert.Equal(RunLoader.RestartsListed + 1, run.Findings.Messages().Count);
        Assert.Equal("2 more places where the step number does not increase", run.Findings.Messages()[^1]);
    }

    [Fact]
    public void A_log_of_one_repeated_step_line_keeps_one_point_and_the_restart_warning()
    {
        var text = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"Step: 7, Loss: {i}, Time: 700 ms\n"));
        var result = TestLogs.Parse(text);
        Assert.Equal(1, result.Columns[Metrics.Loss].Count);
        Assert.Equal(1, result.Columns[Metrics.StepTimeMs].Count);
        var run = TestLogs.Run(text);
        Assert.Equal([9999.0], run.Loss.Values.ToArray());
        Assert.Equal("step 7 is printed again at line 2; the later value is used", run.Findings.Messages()[0]);
        Assert.Equal($"{9999 - RunLoader.RestartsListed} more places where the step number does not increase", run.Findings.Messages()[^1]);
    }

    [Fact]
    public void Steps_need_not_start_at_one_or_be_contiguous()
    {
        var run = TestLogs.Run("Step: 100, Loss: 3\nStep: 110, Loss: 2\nStep: 120, Loss: 1\n");
        Assert.Equal([100L, 110L, 120L], run.Loss.Steps.ToArray());
        Assert.Empty(run.Findings.Messages());
    }

    [Fact]
    public void Non_finite_losses_are_reported_with_the_first_step()
    {
        var one = TestLogs.Run("Step: 1, Loss: 3\nStep: 2, Loss: nan\nStep: 3, Loss: 2\n");
        Assert.Equal("the loss is nan at step 2", Assert.Single(one.Findings.Messages()));
        var many = TestLogs.Run("Step: 1, Loss: 3\nStep: 2, Loss: 2\nStep: 3, Loss: inf\nStep: 4, Loss: -nan\n");
        Assert.Equal("2 losses are not finite (nan or inf), the first at step 3", Assert.Single(many.Findings.Messages()));
    }
}
