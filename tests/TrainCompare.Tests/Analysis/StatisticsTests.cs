using TrainCompare.Analysis;

namespace TrainCompare.Tests.Analysis;

/// <summary>Expected values are numpy 1.24's and scipy 1.10's for the same vectors, written here as literals.</summary>
public class StatisticsTests
{
    private static double[] Times(int n) => TestVectors.Times(n);

    [Theory]
    [InlineData(0, 650.0)]
    [InlineData(5, 653.9099099099099)]
    [InlineData(25, 659.918918918919)]
    [InlineData(50, 666.6486486486486)]
    [InlineData(75, 673.5585585585585)]
    [InlineData(95, 679.0540540540541)]
    [InlineData(100, 680.8288288288288)]
    public void Percentiles_equal_numpy(double percent, double expected)
    {
        var sorted = Times(101);
        Array.Sort(sorted);
        Assert.Equal(expected, Quantiles.PercentileOfSorted(sorted, percent));
    }

    [Theory]
    [InlineData(5, 1.2)]
    [InlineData(25, 2.0)]
    [InlineData(50, 2.0)]
    [InlineData(95, 8.7)]
    public void Percentiles_with_ties_and_gaps_equal_numpy(double percent, double expected)
        => Assert.Equal(expected, Quantiles.PercentileOfSorted([1.0, 2.0, 2.0, 3.5, 10.0], percent), 12);

    [Fact]
    public void Distribution_of_step_times()
    {
        // numpy: quartiles 3.25 and 7.75, so Tukey fences -3.5 and 14.5: only 100 is outside
        double[] t = [5, 1, 2, 3, 4, 6, 7, 8, 9, 100];
        var d = Distribution.Of(t)!;
        Assert.Equal(10, d.N);
        Assert.Equal(14.5, d.Mean);
        Assert.Equal(5.5, d.Median);
        Assert.Equal(1, d.Min);
        Assert.Equal(100, d.Max);
        Assert.Equal(1.45, d.P5, 12);
        Assert.Equal(59.05, d.P95, 12);
        Assert.Equal(1, d.Outliers);
        Assert.Equal(NumpyMath.PopulationStd(t), d.Std);
        Assert.Null(Distribution.Of([double.NaN]));
    }

    [Fact]
    public void Mann_whitney_with_ties_uses_the_corrected_normal_approximation()
    {
        double[] a = [1, 2, 2, 3, 3, 3, 4, 5, 6, 7, 7, 8, 9, 10];
        double[] b = [3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 11, 12];
        var r = MannWhitney.TwoSided(a, b);
        Assert.Equal(52.5, r.U1);
        Assert.False(r.Exact);
        Assert.Equal(0.10906024272829004, r.PValue, 13);
    }

    [Fact]
    public void Mann_whitney_on_small_samples_without_ties_is_exact()
    {
        var r = MannWhitney.TwoSided([1.1, 2.3, 0.7, 4.2, 3.3], [5.1, 6.2, 4.9, 7.7, 3.9, 8.8]);
        Assert.Equal(1.0, r.U1);
        Assert.True(r.Exact);
        Assert.Equal(0.008658008658008658, r.PValue, 15); // 2 * 2 / C(11, 5)
    }

    [Fact]
    public void Mann_whitney_on_larger_samples_far_in_the_tail()
    {
        var a = Enumerable.Range(0, 300).Select(i => 700 + ((i * 7919L) % 1009) / 37.0).ToArray();
        var b = Enumerable.Range(0, 250).Select(i => 690 + ((i * 104729L) % 1013) / 41.0).ToArray();
        var r = MannWhitney.TwoSided(a, b);
        Assert.Equal(63102.5, r.U1);
        Assert.Equal(2.6880939435838016e-43, r.PValue, 1e-54);
        Assert.Equal(1.0, MannWhitney.TwoSided(a, a).PValue, 12);
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.5)]
    [InlineData(0.5, 0.4795001221869535, 0.3085375387259869)]
    [InlineData(1.0, 0.15729920705028516, 0.15865525393145707)]
    [InlineData(1.96, 0.005573724535172135, 0.024997895148220435)]
    [InlineData(3.0, 2.2090496998585445e-05, 0.0013498980316300933)]
    [InlineData(5.0, 1.5374597944280347e-12, 2.866515718791933e-07)]
    [InlineData(8.0, 1.1224297172982928e-29, 6.22096057427174e-16)]
    [InlineData(12.0, 1.3562611692059047e-64, 1.776482112077653e-33)]
    [InlineData(20.0, 5.395865611607901e-176, 2.7536241186061556e-89)]
    public void Erfc_and_the_normal_tail_equal_scipy(double x, double erfc, double survival)
    {
        Assert.True(Math.Abs(NormalDistribution.Erfc(x) - erfc) <= 1e-13 * erfc, $"erfc({x}) = {NormalDistribution.Erfc(x):R}");
        Assert.True(Math.Abs(NormalDistribution.Survival(x) - survival) <= 1e-13 * survival, $"sf({x}) = {NormalDistribution.Survival(x):R}");
        Assert.Equal(2 - erfc, NormalDistribution.Erfc(-x), 14);
    }

    [Fact]
    public void Ema_is_debiased_as_tensorboard_does_it()
    {
        double[] v = [5.0, 4.0, 4.5, 3.0, 3.2, 2.9, 3.1];
        double[] expected = [5.0, 4.375, 4.438775510204081, 3.777573529411765, 3.5270645385149204, 3.263963480128894, 3.1964892412231034];
        var smoothed = Smoothing.Ema(v, 0.6);
        for (int i = 0; i < v.Length; i++)
        {
            Assert.Equal(expected[i], smoothed[i], 14);
        }
        Assert.Equal(v, Smoothing.Ema(v, 0.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Smoothing.Ema(v, 1.0));
    }
}
