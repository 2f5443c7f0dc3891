using TrainCompare.Reports.Charts;
using TrainCompare.Runs;

namespace TrainCompare.Tests.Reports;

public class StepGridTests
{
    private static Series Range(long first, long last, Func<long, double> value)
    {
        long[] steps = [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i)];
        return new Series("loss", steps, [.. steps.Select(value)], steps.Length);
    }

    [Fact]
    public void The_grid_spans_the_overlap_and_each_point_is_the_mean_of_its_cell()
    {
        // a: steps 0..10, value = step; b: steps 2..12, value = 2 * step. Overlap 2..10, 3 points: 2, 6, 10.
        var a = Range(0, 10, s => s);
        var b = Range(2, 12, s => 2 * s);
        var grid = StepGrid.Of([a, b], 3)!;
        Assert.True(grid.Overlap);
        Assert.Equal([2L, 6L, 10L], grid.Steps);
        // cells split halfway between grid steps: {2,3,4}, {5,6,7,8}, {9,10}; steps outside the overlap are not used
        Assert.Equal([3.0, 6.5, 9.5], grid.Resample(a).Values);
        Assert.Equal([6.0, 13.0, 19.0], grid.Resample(b).Values);
        Assert.Null(grid.Resample(a).HeldBefore);
        Assert.Null(grid.Resample(a).HeldAfter);
    }

    [Fact]
    public void Grid_steps_are_whole_and_as_evenly_spaced_as_whole_steps_can_be()
    {
        // 0..10 in 4 points: 0, 3.33, 6.67, 10 rounded to 0, 3, 7, 10
        Assert.Equal([0L, 3L, 7L, 10L], StepGrid.Of([Range(0, 10, s => s)], 4)!.Steps);
        // never more points than steps
        Assert.Equal([5L, 6L, 7L], StepGrid.Of([Range(5, 7, s => s)], 100)!.Steps);
        // a million steps into 100 points: first and last kept, spacing 10101 or 10102
        var big = StepGrid.Of([Series.Arithmetic("loss", 1, 1, new double[1_000_000], 1_000_000)], 100)!;
        Assert.Equal(100, big.Steps.Length);
        Assert.Equal(1L, big.Steps[0]);
        Assert.Equal(1_000_000L, big.Steps[^1]);
        Assert.All(big.Steps.Zip(big.Steps.Skip(1), (p, q) => q - p), d => Assert.InRange(d, 10101L, 10102L));
    }

    [Fact]
    public void Runs_that_do_not_overlap_get_the_union_and_are_held_flat_outside_their_steps()
    {
        // a: 0..4 (value = step), b: 10..14 (value = step). Union 0..14 in 3 points: 0, 7, 14.
        var a = Range(0, 4, s => s);
        var b = Range(10, 14, s => s);
        var grid = StepGrid.Of([a, b], 3)!;
        Assert.False(grid.Overlap);
        Assert.Equal([0L, 7L, 14L], grid.Steps);
        var ra = grid.Resample(a);
        Assert.Equal([1.5, 4.0, 4.0], ra.Values); // {0,1,2,3}, {4}, then held at the last value
        Assert.Null(ra.HeldBefore);
        Assert.Equal(4L, ra.HeldAfter);
        var rb = grid.Resample(b);
        Assert.Equal([10.0, 10.0, 12.5], rb.Values); // held at the first value, {10}, {11..14}
        Assert.Equal(10L, rb.HeldBefore);
        Assert.Null(rb.HeldAfter);
    }

    [Fact]
    public void Empty_cells_are_interpolated_and_non_finite_values_skipped()
    {
        // a sparse run (steps 0 and 10, values 0 and 100) on a dense run's grid 0..10
        var sparse = new Series("loss", [0, 10], [0, 100], 2);
        var grid = StepGrid.Of([sparse, Range(0, 10, s => s)], 11)!;
        Assert.Equal([0.0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], grid.Resample(sparse).Values);
        // a nan in a cell is left out of its mean; a cell holding only a nan is interpolated
        var withNan = new Series("loss", [0, 1, 2, 3, 4], [0, double.NaN, 2, 3, double.NaN], 5);
        var g = StepGrid.Of([withNan], 5)!;
        Assert.Equal([0L, 1L, 2L, 3L], g.Steps); // the grid ends at the last finite value
        Assert.Equal([0.0, 1.0, 2.0, 3.0], g.Resample(withNan).Values);
    }

    [Fact]
    public void Steps_at_the_ends_of_the_64_bit_range_do_not_overflow()
    {
        // a run at steps 0..3 and one ending at long.MaxValue: the union grid spans the whole positive range
        var low = Range(0, 3, s => s);
        var high = new Series("loss", [long.MaxValue - 1, long.MaxValue], [10, 20], 2);
        var grid = StepGrid.Of([low, high], 5)!;
        Assert.False(grid.Overlap);
        Assert.Equal(0L, grid.Steps[0]);
        Assert.Equal(long.MaxValue, grid.Steps[^1]);
        Assert.Equal(15.0, grid.Resample(high).Values[^1]); // both of its steps are in the last cell
        Assert.Equal(1.5, grid.Resample(low).Values[0]); // its four steps are all in the first cell
        // the whole range, from long.MinValue
        var all = new Series("loss", [long.MinValue, -1, long.MaxValue], [1, 2, 3], 3);
        var g = StepGrid.Of([all], 3)!;
        Assert.Equal([long.MinValue, 0L, long.MaxValue], g.Steps);
        Assert.Equal(1.0, g.Resample(all).Values[0]);
        Assert.Equal(3.0, g.Resample(all).Values[^1]);
        Assert.All(g.Resample(all).Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void No_finite_value_means_no_grid()
    {
        Assert.Null(StepGrid.Of([Series.Empty("loss"), new Series("loss", [1], [double.NaN], 1)], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => StepGrid.Of([Range(0, 3, s => s)], 1));
    }
}
