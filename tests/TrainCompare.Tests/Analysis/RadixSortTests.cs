using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainCompare.Analysis;

namespace TrainCompare.Tests.Analysis;

public class RadixSortTests
{
    [Property(MaxTest = 200, Replay = "(31,7)")]
    public Property Sorts_like_array_sort()
        => Prop.ForAll(Gen.Choose(0, 3000).SelectMany(n => Gen.Elements(-1e300, -5.5, -0.0, 0.0, 1e-300, 3.25, 700.125, 1e300, double.Epsilon, -double.Epsilon)
                .Select(v => v).ArrayOf(n).Zip(Gen.Choose(-100000, 100000).ArrayOf(n), (a, b) => a.Zip(b, (x, y) => x * (y % 3) + y / 7.0).ToArray())).ToArbitrary(),
            values =>
            {
                var expected = (double[])values.Clone();
                Array.Sort(expected);
                var actual = (double[])values.Clone();
                RadixSort.Sort(actual);
                // -0.0 and 0.0 compare equal; the radix sort puts -0.0 first, which Array.Sort may not
                return expected.Zip(actual).All(p => p.First == p.Second);
            });
}
