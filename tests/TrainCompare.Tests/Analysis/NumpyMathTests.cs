using TrainCompare.Analysis;

namespace TrainCompare.Tests.Analysis;

/// <summary>
/// Expected values are numpy 1.24's, computed once and written here as literals:
/// <code>
/// t = np.array([650 + ((i*7919) % 1009)/37.0 + ((i*31) % 17)/3.0 for i in range(n)])
/// repr(float(np.mean(t))), repr(float(np.std(t)))
/// </code>
/// The vectors are built from exact divisions so C# and Python construct the same doubles.
/// Equality is exact: numpy's pairwise summation is reproduced, not approximated.
/// </summary>
public class NumpyMathTests
{
    private static double[] Times(int n) => TestVectors.Times(n);

    [Theory]
    [InlineData(3, 666.8228228228228, 12.078850083516233)]
    [InlineData(8, 665.6722972972973, 9.94931145066135)]
    [InlineData(9, 666.6856856856857, 9.808449988487588)]
    [InlineData(127, 666.3720649783642, 8.129676476040075)]
    [InlineData(128, 666.4283502252254, 8.122662023959204)]
    [InlineData(129, 666.4439555834905, 8.093043634938404)]
    [InlineData(1000, 666.3086126126126, 8.01007314885527)]
    [InlineData(8192, 666.2898499085022, 8.035587185821377)]
    [InlineData(8193, 666.2907810776722, 8.035538769053508)]
    [InlineData(30011, 666.2880283235487, 8.040892056501434)]
    public void Mean_and_std_equal_numpy_to_the_last_bit(int n, double mean, double std)
    {
        var t = Times(n);
        Assert.Equal(mean, NumpyMath.Mean(t));
        Assert.Equal(std, NumpyMath.PopulationStd(t));
    }

    [Fact]
    public void Naive_summation_would_differ_from_numpy_here()
    {
        // Guards the test above: for n = 1000 a left-to-right sum gives another double than numpy's.
        var t = Times(1000);
        double naive = 0;
        foreach (double x in t)
        {
            naive += x;
        }
        Assert.NotEqual(666.3086126126126, naive / t.Length);
    }

    [Fact]
    public void Small_vectors_by_hand()
    {
        Assert.Equal(2.0, NumpyMath.Mean([1.0, 2.0, 3.0]));
        Assert.Equal(Math.Sqrt(2.0 / 3.0), NumpyMath.PopulationStd([1.0, 2.0, 3.0]));
        Assert.Equal(0.0, NumpyMath.PopulationStd([5.0]));
        Assert.True(double.IsNaN(NumpyMath.Mean([])));
        Assert.True(double.IsNaN(NumpyMath.Mean([1.0, double.NaN])));
    }
}
