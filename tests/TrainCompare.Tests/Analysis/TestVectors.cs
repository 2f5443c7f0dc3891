namespace TrainCompare.Tests.Analysis;

/// <summary>
/// Vectors built from exact divisions, so that C# and Python construct the same doubles and literals computed
/// with numpy apply: <c>[650 + ((i*7919) % 1009)/37.0 + ((i*31) % 17)/3.0 for i in range(n)]</c>.
/// </summary>
internal static class TestVectors
{
    public static double[] Times(int n)
        => Enumerable.Range(0, n).Select(i => 650 + ((i * 7919L) % 1009) / 37.0 + ((i * 31L) % 17) / 3.0).ToArray();
}
