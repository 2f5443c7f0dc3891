using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>A run's loss minus the baseline's, at the steps both logged (never by line position).</summary>
public static class LossDifference
{
    public const string Metric = "loss_diff";

    public static Series Between(Series run, Series baseline)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(baseline);
        var rs = run.Steps;
        var bs = baseline.Steps;
        var rv = run.Values;
        var bv = baseline.Values;
        int capacity = Math.Min(rs.Length, bs.Length);
        var steps = new long[capacity];
        var values = new double[capacity];
        int n = 0, i = 0, j = 0;
        while (i < rs.Length && j < bs.Length)
        {
            if (rs[i] < bs[j])
            {
                i++;
            }
            else if (rs[i] > bs[j])
            {
                j++;
            }
            else
            {
                steps[n] = rs[i];
                values[n] = rv[i] - bv[j];
                n++;
                i++;
                j++;
            }
        }
        return new Series(Metric, steps, values, n);
    }
}
