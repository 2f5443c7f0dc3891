namespace TrainCompare.Analysis;

/// <summary>
/// Sorts finite doubles ascending by LSD radix sort on their IEEE-754 bits (8 passes of 8 bits, skipping
/// passes where every key has the same byte): O(n), and several times faster than Array.Sort for the
/// hundred-thousands of step times a long run has, especially in Native AOT where Array.Sort of doubles
/// goes through a generic comparer. The bits are mapped so that unsigned order is numeric order: positive
/// numbers get their sign bit set, negative ones are inverted.
/// </summary>
public static class RadixSort
{
    /// <summary>Below this many values, Array.Sort is as fast.</summary>
    private const int Threshold = 512;

    public static void Sort(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Length;
        if (n < Threshold)
        {
            Array.Sort(values);
            return;
        }
        // keys in place of the values (same 8 bytes), one scratch array: 8 extra bytes a value
        Span<ulong> keys = System.Runtime.InteropServices.MemoryMarshal.Cast<double, ulong>(values.AsSpan());
        Span<ulong> scratch = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            ulong bits = keys[i];
            keys[i] = (bits & 0x8000000000000000UL) != 0 ? ~bits : bits | 0x8000000000000000UL;
        }
        Span<ulong> original = keys;
        Span<int> counts = stackalloc int[256];
        for (int shift = 0; shift < 64; shift += 8)
        {
            counts.Clear();
            foreach (ulong k in keys)
            {
                counts[(int)((k >> shift) & 0xFF)]++;
            }
            if (counts[(int)((keys[0] >> shift) & 0xFF)] == n)
            {
                continue; // every key has this byte: nothing to reorder
            }
            int total = 0;
            for (int b = 0; b < 256; b++)
            {
                int c = counts[b];
                counts[b] = total;
                total += c;
            }
            foreach (ulong k in keys)
            {
                scratch[counts[(int)((k >> shift) & 0xFF)]++] = k;
            }
            var swap = keys;
            keys = scratch;
            scratch = swap;
        }
        for (int i = 0; i < n; i++)
        {
            ulong k = keys[i];
            original[i] = (k & 0x8000000000000000UL) != 0 ? k & 0x7FFFFFFFFFFFFFFFUL : ~k;
        }
    }
}
