using TrainCompare.Reports;

namespace TrainCompare.Tests.Reports;

/// <summary>Expected strings are Python 3.11's f"{v:.Nf}" for the same doubles.</summary>
public class PyFormatTests
{
    [Theory]
    [InlineData(2.675, 2, "2.67")]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(1.0005, 2, "1.00")]
    [InlineData(-0.001, 2, "-0.00")]
    [InlineData(703.145, 2, "703.14")]
    [InlineData(1.0815, 3, "1.081")]
    [InlineData(2.5e-7, 6, "0.000000")]
    [InlineData(123456.785, 2, "123456.79")]
    [InlineData(1.0005, 6, "1.000500")]
    [InlineData(double.NaN, 2, "nan")]
    [InlineData(double.PositiveInfinity, 3, "inf")]
    [InlineData(double.NegativeInfinity, 6, "-inf")]
    public void Formats_as_python_does(double value, int decimals, string expected)
        => Assert.Equal(expected, PyFormat.Fixed(value, decimals));
}
