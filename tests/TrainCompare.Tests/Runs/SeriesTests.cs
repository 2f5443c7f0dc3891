using TrainCompare.Analysis;
using TrainCompare.Formats;
using TrainCompare.Runs;

namespace TrainCompare.Tests.Runs;

public class SeriesTests
{
    private static ObservationColumn Column(params long[] steps)
    {
        var column = new ObservationColumn("m", 2);
        foreach (long s in steps)
        {
            column.Add(s, s * 0.5, s);
        }
        return column;
    }

    [Fact]
    public void Steps_in_a_fixed_stride_are_not_stored()
    {
        var column = Column(10, 20, 30, 40, 50);
        Assert.True(column.HasImplicitSteps);
        Assert.Equal([10L, 20L, 30L, 40L, 50L], column.Steps.ToArray());
        var series = SeriesBuilder.Build(column);
        Assert.True(series.HasImplicitSteps);
        Assert.Equal(30L, series.StepAt(2));
        Assert.Equal([20.0, 25.0], series.Skip(3).UpToStep(100).Values.ToArray());
        Assert.Equal([40L, 50L], series.Skip(3).Steps.ToArray());
        Assert.Equal(3, series.CountUpTo(35));
        Assert.Equal(0, series.CountUpTo(9));
    }

    [Fact]
    public void The_first_step_off_the_stride_makes_the_steps_real()
    {
        var column = Column(1, 2, 3, 5, 6);
        Assert.False(column.HasImplicitSteps);
        Assert.Equal([1L, 2L, 3L, 5L, 6L], column.Steps.ToArray());
        Assert.Empty(column.Regressions);
        Assert.Equal([1L, 2L, 3L, 5L, 6L], SeriesBuilder.Build(column).Steps.ToArray());
    }

    [Fact]
    public void A_repeat_of_the_first_step_is_a_regression_not_a_stride_and_takes_no_slot()
    {
        var column = Column(7, 7, 8);
        Assert.True(column.HasImplicitSteps);
        Assert.Equal([7L, 8L], column.Steps.ToArray());
        Assert.Equal(new StepRegression(0, 7, 7, 7), Assert.Single(column.Regressions));
        Assert.Equal([7L, 8L], SeriesBuilder.Build(column).Steps.ToArray());
    }

    [Fact]
    public void A_step_printed_again_and_again_costs_no_memory_and_the_last_value_wins()
    {
        var column = new ObservationColumn("loss", 16);
        column.Add(1, 9, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000_000; i++)
        {
            column.Add(5, i, i + 2);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 << 10, $"{allocated} bytes allocated for repeats of one step");
        Assert.Equal(2, column.Count);
        Assert.Equal(999_999, column.RegressionCount);
        Assert.Equal(ObservationColumn.RegressionsKept, column.Regressions.Count);
        var series = SeriesBuilder.Build(column);
        Assert.Equal([1L, 5L], series.Steps.ToArray());
        Assert.Equal([9.0, 999_999.0], series.Values.ToArray());
    }

    [Fact]
    public void Restarts_past_the_kept_ones_are_counted_and_the_later_value_of_each_step_still_wins()
    {
        var column = new ObservationColumn("loss", 4);
        for (int round = 0; round < 100; round++)
        {
            column.Add(1, round, 1);
            column.Add(2, round + 0.5, 2);
        }
        Assert.Equal(99, column.RegressionCount);
        Assert.Equal(ObservationColumn.RegressionsKept, column.Regressions.Count);
        var series = SeriesBuilder.Build(column);
        Assert.Equal([1L, 2L], series.Steps.ToArray());
        Assert.Equal([99.0, 99.5], series.Values.ToArray());
    }

    [Fact]
    public void Loss_difference_on_the_same_grid_and_on_different_grids()
    {
        var a = Series.Arithmetic("loss", 1, 1, [1, 2, 3, 4, 5, 6], 6);       // steps 1..6
        var b = Series.Arithmetic("loss", 3, 1, [10, 20, 30, 40, 50], 5);      // steps 3..7
        var same = LossDifference.Between(b, a);
        Assert.True(same.HasImplicitSteps);
        Assert.Equal([3L, 4L, 5L, 6L], same.Steps.ToArray());
        Assert.Equal([7.0, 16, 25, 34], same.Values.ToArray());

        var odd = Series.Arithmetic("loss", 2, 2, [100, 200, 300], 3);         // steps 2, 4, 6
        var mixed = LossDifference.Between(odd, a);
        Assert.Equal([2L, 4L, 6L], mixed.Steps.ToArray());
        Assert.Equal([98.0, 196, 294], mixed.Values.ToArray());

        var offGrid = Series.Arithmetic("loss", 2, 2, [1, 1], 2);              // steps 2, 4 vs 1, 3, 5
        var other = Series.Arithmetic("loss", 1, 2, [5, 5, 5], 3);
        Assert.Equal(0, LossDifference.Between(offGrid, other).Count);
        Assert.Equal(0, LossDifference.Between(Series.Empty("loss"), a).Count);
    }

    [Fact]
    public void Shift_out_of_the_64_bit_range_throws_instead_of_wrapping()
    {
        var listed = new Series("loss", [-10, long.MaxValue - 5], [1, 2], 2);
        Assert.Throws<OverflowException>(() => listed.Shift(10));
        var strided = Series.Arithmetic("loss", long.MaxValue - 4, 2, [1, 2, 3], 3);
        Assert.Throws<OverflowException>(() => strided.Shift(1));
        Assert.Equal(0L, strided.Shift(-(long.MaxValue - 4)).StepAt(0));
        Assert.Equal(4L, strided.Shift(-(long.MaxValue - 4)).StepAt(2));
    }
}
