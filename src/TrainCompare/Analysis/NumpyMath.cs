namespace TrainCompare.Analysis;

/// <summary>
/// Sums, means and standard deviations computed exactly as numpy computes them, so that the numbers
/// traincmp prints equal, to the last bit, those of the Python script it replaces.
/// numpy's add.reduce sums a contiguous float64 array in blocks of 8192 elements (its buffer size), each
/// block by pairwise summation with eight accumulators, and adds the block sums left to right.
/// </summary>
public static class NumpyMath
{
    private const int BufferSize = 8192;
    private const int PairwiseBlock = 128;

    /// <summary>np.sum(values) for a float64 array.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        double total = 0.0;
        for (int i = 0; i < values.Length; i += BufferSize)
        {
            total += PairwiseSum(values.Slice(i, Math.Min(BufferSize, values.Length - i)));
        }
        return total;
    }

    /// <summary>np.mean(values); NaN for an empty array.</summary>
    public static double Mean(ReadOnlySpan<double> values)
        => values.IsEmpty ? double.NaN : Sum(values) / values.Length;

    /// <summary>np.std(values) with ddof=0 (population standard deviation), two-pass as numpy does it.</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }
        double mean = Mean(values);
        double total = 0.0;
        // numpy squares the deviations into a temporary array and sums it in 8192-element buffers;
        // square in chunks that respect those buffer boundaries and sum each buffer pairwise.
        double[] buffer = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Min(BufferSize, values.Length));
        try
        {
            for (int i = 0; i < values.Length; i += BufferSize)
            {
                int n = Math.Min(BufferSize, values.Length - i);
                var dst = buffer.AsSpan(0, n);
                var src = values.Slice(i, n);
                for (int k = 0; k < n; k++)
                {
                    double d = src[k] - mean;
                    dst[k] = d * d;
                }
                total += PairwiseSum(dst);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(buffer);
        }
        return Math.Sqrt(total / values.Length);
    }

    /// <summary>numpy's pairwise_sum (numpy/_core/src/umath/loops_utils.h.src).</summary>
    private static double PairwiseSum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++)
            {
                res += a[i];
            }
            return res;
        }
        if (n <= PairwiseBlock)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }
}
