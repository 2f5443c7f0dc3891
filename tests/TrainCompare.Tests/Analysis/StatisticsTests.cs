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

    [Theory]
    [InlineData(0.5, 1, 0.3524163823495668)]
    [InlineData(2.0, 3, 0.06966298427942155)]
    [InlineData(-1.3, 7.5, 0.8839366105921957)]
    [InlineData(4.0, 30, 0.0001909228180418782)]
    [InlineData(10, 2.2, 0.0035522318551292217)]
    [InlineData(1.96, 1e6, 0.02499803379263489)]
    public void Student_t_tail_equals_scipy(double t, double df, double expected)
        => Assert.Equal(expected, StudentT.Survival(t, df), expected * 1e-9); // about 1e-11 relative at small df, 4e-10 at a million (ln Γ of 5e5 cancels)

    [Theory]
    [InlineData(0.975, 1, 12.706204736432095)]
    [InlineData(0.975, 2.5, 3.5746548420118773)]
    [InlineData(0.975, 9, 2.2621571627409915)]
    [InlineData(0.995, 4, 4.604094871415897)]
    [InlineData(0.9, 60, 1.295821093429495)]
    [InlineData(0.025, 12, -2.178812829663418)]
    public void Student_t_quantile_equals_scipy(double p, double df, double expected)
        => Assert.Equal(expected, StudentT.Quantile(p, df), 1e-9);

    [Fact]
    public void Batches_of_one_give_welchs_t_test_with_hsus_degrees_of_freedom_as_scipy_computes_it()
    {
        // the statistic of scipy.stats.ttest_ind(log a, log b, equal_var=False) (Welch's standard error), with
        // df = min(5, 5) − 1 = 4: 2 * t.sf(diff / se, 4) and t.interval(0.95, 4, diff, se); five values each, too
        // few for the 2b check
        double[] a = [700, 712, 695, 703, 690];
        double[] b = [650, 660, 648, 655, 652];
        double diff = a.Select(v => Math.Log(v)).Average() - b.Select(v => Math.Log(v)).Average();
        Assert.Equal(0.06946717791956303, diff, 14);
        var e = Batches.Difference(diff, a, b, 1, BatchStatistic.LogMedian);
        Assert.Equal(0.006210034598347478, e.StandardError, 13);
        Assert.Equal(11.186278726699623, e.Value / e.StandardError, 9); // scipy's Welch statistic
        Assert.Equal(4, e.Df);
        Assert.Equal(0.00036359515197792116, e.PValue, 1e-13);
        var (low, high) = e.Interval(0.95);
        Assert.Equal(0.0522253577558722, low, 10);
        Assert.Equal(0.08670899808325386, high, 10);
    }

    [Fact]
    public void Batch_means_of_one_give_the_one_sample_t_interval()
    {
        // scipy.stats.t.interval(0.95, 4, loc=mean, scale=sem) and ttest_1samp(x, 0).pvalue
        double[] x = [0.12, -0.05, 0.31, 0.08, 0.2];
        var e = Batches.Mean(x, 1, BatchStatistic.Mean);
        Assert.Equal(4, e.Df);
        var (low, high) = e.Interval(0.95);
        Assert.Equal(-0.03491031059747929, low, 12);
        Assert.Equal(0.2989103105974793, high, 12);
        Assert.Equal(0.09309443126836246, e.PValue, 12);
    }

    [Fact]
    public void The_batch_size_grows_with_the_autocorrelation_time()
    {
        var iid = Noise.Ar1(new Random(1), 4000, 0, 1);
        var correlated = Noise.Ar1(new Random(1), 4000, 0.95, 1);
        var p0 = Batches.Plan(iid);
        var p1 = Batches.Plan(correlated);
        Assert.True(p0.Settled && p1.Settled);
        Assert.InRange(p0.Tau, 1, 1.5);
        Assert.InRange(p0.Size, 5, 8);
        // true τ = (1 + φ) / (1 − φ) = 39: the estimate at the chosen size is close to it and the size is at least 5τ
        Assert.InRange(p1.Tau, 25, 50);
        Assert.True(p1.Size >= 5 * p1.Tau);
        Assert.InRange(p1.EffectiveN(4000), 80, 160);
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
