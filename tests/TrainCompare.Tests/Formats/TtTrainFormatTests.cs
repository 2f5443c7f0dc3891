using TrainCompare.Formats;

namespace TrainCompare.Tests.Formats;

public class TtTrainFormatTests
{
    [Fact]
    public void New_form_reads_loss_and_time_on_one_line()
    {
        var log = TestLogs.Parse("Step: 12, Loss: 9.625, Time: 701.56 ms, cache entries: 42\n");
        TestLogs.AssertColumn(log, Metrics.Loss, [12L], [9.625]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [12L], [701.56]);
        Assert.Equal(1, log.RecognizedLines);
    }

    [Fact]
    public void New_form_keeps_tps_tflops_and_mfu_when_present()
    {
        var log = TestLogs.Parse(
            "Step: 3, Loss: 9.5, Time: 650.25 ms, cache entries: 42, TPS: 6476, TFLOPS: 120.5, MFU: 31.5%\n" +
            "Step: 4, Loss: 9.4, Time: 651 ms, cache entries: 42\n");
        TestLogs.AssertColumn(log, Metrics.TokensPerSecond, [3L], [6476.0]);
        TestLogs.AssertColumn(log, Metrics.Tflops, [3L], [120.5]);
        TestLogs.AssertColumn(log, Metrics.MfuPercent, [3L], [31.5]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [3L, 4L], [650.25, 651.0]);
    }

    [Fact]
    public void Old_form_gives_the_time_to_the_step_printed_before_it()
    {
        var log = TestLogs.Parse("""
            Step: 1, Loss: 11.0234375
            Compilation finished at step 1
            Full step time 31808.166 ms, cache entries: 7
            Step: 2, Loss: 10.5
            dataloader step time 0.365 ms
            dataloader host only step time 0.033 ms
            Full step time 701.557 ms, cache entries: 91
            Step: 3, Loss: 10.25
            """);
        TestLogs.AssertColumn(log, Metrics.Loss, [1L, 2L, 3L], [11.0234375, 10.5, 10.25]);
        // the last step has no time line; dataloader lines are not step times
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1L, 2L], [31808.166, 701.557]);
        Assert.Equal(5, log.RecognizedLines);
    }

    [Fact]
    public void Dataloader_step_time_lines_are_not_step_times()
    {
        var log = TestLogs.Parse("dataloader step time 0.365 ms\ndataloader host only step time 0.033 ms\n");
        Assert.Equal(0, log.RecognizedLines);
        Assert.Empty(TestLogs.Column(log, Metrics.StepTimeMs).Steps);
    }

    [Theory]
    [InlineData("[Rank 0] Step: 5, Loss: 3.5, Time: 700 ms")]
    [InlineData("2026-01-01 12:00:00.123 | INFO | nano_gpt | Step: 5, Loss: 3.5, Time: 700 ms")]
    [InlineData("I1120 09:14:02.118 trainer.cpp:88] Step: 5, Loss: 3.5, Time: 700 ms, cache entries: 3")]
    [InlineData("Step: 5, Loss: 3.5, Time: 700 ms\r")]
    public void Lines_may_carry_a_prefix_and_a_carriage_return(string line)
    {
        var log = TestLogs.Parse(line + "\n");
        TestLogs.AssertColumn(log, Metrics.Loss, [5L], [3.5]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [5L], [700.0]);
    }

    [Theory]
    [InlineData("9", 9.0)]
    [InlineData("1e-05", 1e-05)]
    [InlineData("5.746782E+00", 5.746782)]
    [InlineData("-0.25", -0.25)]
    [InlineData("+2.5", 2.5)]
    [InlineData("nan", double.NaN)]
    [InlineData("-nan", double.NaN)]
    [InlineData("NaN", double.NaN)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    public void Loss_numbers_in_every_shape(string text, double expected)
    {
        var log = TestLogs.Parse($"Step: 7, Loss: {text}, Time: 1.5e2 ms\n");
        var (steps, values) = TestLogs.Column(log, Metrics.Loss);
        Assert.Equal([7L], steps);
        Assert.Equal(expected, values[0]);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [7L], [150.0]);
    }

    [Theory]
    [InlineData("Step: , Loss: 3.5")]
    [InlineData("Step: x, Loss: 3.5")]
    [InlineData("Step: 5, Loss: abc")]
    [InlineData("Step: 5")]
    [InlineData("step: 5, loss: 3.5")]
    [InlineData("Full step time abc ms")]
    [InlineData("Full step time 12.5 s")]
    public void Malformed_lines_are_not_recognized(string line)
    {
        var log = TestLogs.Parse(line + "\n");
        Assert.Equal(0, log.RecognizedLines);
        Assert.Empty(TestLogs.Column(log, Metrics.Loss).Steps);
    }

    [Fact]
    public void A_time_without_ms_is_not_taken_as_a_step_time()
    {
        var log = TestLogs.Parse("Step: 5, Loss: 3.5, Time: 12 s\n");
        TestLogs.AssertColumn(log, Metrics.Loss, [5L], [3.5]);
        Assert.Empty(TestLogs.Column(log, Metrics.StepTimeMs).Steps);
    }

    [Fact]
    public void A_truncated_last_line_is_read_as_far_as_it_goes()
    {
        var log = TestLogs.Parse("Step: 1, Loss: 3.5, Time: 700 ms\r\nStep: 2, Loss: 3.4, Time: 69");
        TestLogs.AssertColumn(log, Metrics.Loss, [1L, 2L], [3.5, 3.4]);
        // "69" with no " ms" after it is not a complete time
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1L], [700.0]);
    }

    [Fact]
    public void Time_lines_with_no_step_before_them_are_ignored_and_noted()
    {
        var log = TestLogs.Parse("""
            Full step time 100 ms
            Step: 1, Loss: 3
            Full step time 700 ms
            Full step time 800 ms
            """);
        TestLogs.AssertColumn(log, Metrics.StepTimeMs, [1L], [700.0]);
        var note = Assert.Single(log.Notes);
        Assert.Equal("ignored 2 'Full step time' lines with no step line before them (first at line 1)", note);
    }

    [Fact]
    public void A_repeated_step_is_noted_with_its_line_number()
    {
        var log = TestLogs.Parse("""
            Step: 1, Loss: 5, Time: 700 ms
            Step: 2, Loss: 4, Time: 700 ms
            Step: 3, Loss: 3, Time: 700 ms
            resuming from checkpoint at step 2
            Step: 2, Loss: 4.5, Time: 700 ms
            """);
        var regression = Assert.Single(log.Columns[Metrics.Loss].Regressions);
        Assert.Equal(new StepRegression(3, 5, 2, 3), regression);
    }

    [Fact]
    public void Steps_of_seventeen_digits_and_more_are_read_and_one_past_a_long_is_skipped_and_counted()
    {
        var log = TestLogs.Parse("""
            Step: 12345678901234567, Loss: 3, Time: 700 ms
            Step: 9223372036854775806, Loss: 2, Time: 700 ms
            Step: 99999999999999999999, Loss: 1, Time: 700 ms
            """);
        TestLogs.AssertColumn(log, Metrics.Loss, [12345678901234567L, 9223372036854775806L], [3, 2]);
        Assert.Equal(1, log.Log.StepsOutOfRange);
        Assert.Equal(3, log.Log.FirstStepOutOfRange);
        var run = TrainCompare.Runs.RunLoader.Build(new TrainCompare.Runs.RunSpec("r", "r.txt"), "tt-train", log.Log, log.Parser);
        Assert.Contains("skipped a line whose step number is too large for a 64-bit integer (line 3)", run.Findings.Messages());
    }
}
