namespace TrainCompare.Analysis;

/// <summary>Order statistics by selection (Hoare's quickselect), O(n) on average, in place.</summary>
public static class Selection
{
    /// <summary>Median by selection in place, O(n) on average (the buffer is scratch).</summary>
    public static double Median(double[] values)
    {
        int n = values.Length;
        int k = n / 2;
        double upper = Select(values, k);
        if (n % 2 == 1)
        {
            return upper;
        }
        // after selection everything left of k is <= values[k]: the lower middle is their maximum
        double lower = values[0];
        for (int i = 1; i < k; i++)
        {
            lower = Math.Max(lower, values[i]);
        }
        return lower + (upper - lower) / 2;
    }

    /// <summary>Hoare's quickselect: puts the k-th smallest at k, smaller ones before it.</summary>
    private static double Select(double[] a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            double pivot = MedianOfThree(a[lo], a[lo + (hi - lo) / 2], a[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }
                while (a[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }
        return a[k];
    }

    private static double MedianOfThree(double a, double b, double c)
        => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
