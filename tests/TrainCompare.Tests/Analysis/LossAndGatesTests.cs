using TrainCompare.Analysis;
using TrainCompare.Runs;

namespace TrainCompare.Tests.Analysis;

public class LossAndGatesTests
{
    private static string Log(int steps, Func<int, double> loss, Func<int, double> time) => TestLogs.Log(steps, loss, time);

    [Fact]
    public void Loss_comparison_by_hand()
    {
        // differences 0.1, -0.3, 0.2, nan (dropped), 0.1 at steps 1..5; final window 2: mean(0.2, 0.1)
        var diff = new Series("loss_diff", [1, 2, 3, 4, 5], [0.1, -0.3, 0.2, double.NaN, 0.1], 5);
        var l = LossComparison.Of(diff, new FinalLoss(2.0, 100, false), finalWindow: 2);
        Assert.Equal(4, l.CommonSteps);
        Assert.Equal(0.7 / 4, l.MeanAbsDiff!.Value, 15);
        Assert.Equal(0.3, l.MaxAbsDiff);
        Assert.Equal(2L, l.MaxAbsDiffStep);
        Assert.Equal(0.15, l.FinalWindowDiff!.Value, 15);
        Assert.Equal(7.5, l.FinalWindowDiffPercent!.Value, 12);
        Assert.Null(l.DivergenceStep);
        Assert.Null(l.WithinNoise);
        Assert.Equal(new LossComparison(0, null, null, null, null, null, null, null), LossComparison.Of(Series.Empty("d"), null, 100));
    }

    private static Comparison Compare(GateOptions gates, double fusedTime = 650, Func<int, double>? fusedLoss = null)
    {
        var baseline = TestLogs.Run(Log(300, i => 5.0 - i / 100.0, i => 700 + i % 7), "baseline");
        var fused = TestLogs.Run(Log(300, fusedLoss ?? (i => 5.0 - i / 100.0 + 0.002), i => fusedTime + i % 7), "fused");
        return Comparison.Of([baseline, fused], new ComparisonOptions { Gates = gates });
    }

    [Fact]
    public void Min_speedup_passes_and_fails_on_the_upper_end_of_the_interval()
    {
        var pass = Compare(new GateOptions { MinSpeedup = 1.05 });
        Assert.True(pass.GatesPassed);
        var fail = Compare(new GateOptions { MinSpeedup = 1.2 });
        var gate = Assert.Single(fail.Gates);
        Assert.False(gate.Passed);
        Assert.Equal(1.2, gate.Bound);
        Assert.StartsWith("fused: speedup 1.077x (95% CI ", gate.Message, StringComparison.Ordinal);
        Assert.EndsWith("is below --min-speedup 1.2x", gate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_loss_diff_passes_and_fails_on_the_final_window()
    {
        Assert.True(Compare(new GateOptions { MaxLossDiff = 0.01 }).GatesPassed);
        var fail = Compare(new GateOptions { MaxLossDiff = 0.001 });
        var gate = Assert.Single(fail.Gates);
        Assert.False(gate.Passed);
        Assert.Equal(0.002, gate.Measured!.Value, 12);
        Assert.Equal("fused: |final-window loss Δ| 0.002 exceeds --max-loss-diff 0.001", gate.Message);
    }

    [Fact]
    public void Fail_on_nan_names_the_run_and_the_first_step()
    {
        var c = Compare(new GateOptions { FailOnNan = true }, fusedLoss: i => i is 120 or 200 ? double.NaN : 5.0);
        Assert.False(c.GatesPassed);
        var failed = Assert.Single(c.Gates, g => !g.Passed);
        Assert.Equal("fused: 2 non-finite losses, the first at step 120 (--fail-on-nan)", failed.Message);
        Assert.Equal(2, c.Runs[1].NonFiniteLossCount);
        Assert.Equal(120L, c.Runs[1].FirstNonFiniteStep);
    }

    [Fact]
    public void No_gates_means_nothing_to_fail()
        => Assert.True(Compare(new GateOptions()).GatesPassed);
}
