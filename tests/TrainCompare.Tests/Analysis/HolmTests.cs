using TrainCompare.Analysis;

namespace TrainCompare.Tests.Analysis;

public sealed class HolmTests
{
    [Fact]
    public void Adjusts_as_statsmodels_multipletests_holm()
    {
        // statsmodels.stats.multitest.multipletests([0.01, 0.04, 0.03, 0.005, 0.5], method="holm")[1]
        //   -> [0.04, 0.09, 0.09, 0.025, 0.5]
        double[] adjusted = Holm.Adjust([0.01, 0.04, 0.03, 0.005, 0.5]);
        Assert.Equal([0.04, 0.09, 0.09, 0.025, 0.5], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void A_single_test_is_unchanged_and_missing_tests_do_not_count()
    {
        Assert.Equal([0.03], Holm.Adjust([0.03]));
        double[] adjusted = Holm.Adjust([0.02, double.NaN, 0.5]);
        Assert.Equal(0.04, adjusted[0], 12);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.5, adjusted[2], 12);
    }

    [Fact]
    public void Adjusted_values_are_capped_at_one_and_keep_the_order_of_the_raw_ones()
    {
        double[] adjusted = Holm.Adjust([0.6, 0.7, 0.2]);
        Assert.Equal([1, 1, 0.6], adjusted.Select(p => Math.Round(p, 12)));
    }
}
