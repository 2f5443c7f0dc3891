using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>A run's loss minus the baseline's, at the steps both logged (never by line position).</summary>
public sealed record LossDifference(long[] Steps, double[] Values)
{
    public int Count => Steps.Length;

    public static LossDifference Between(Series run, Series baseline)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(baseline);
        var rs = run.Steps;
        var bs = baseline.Steps;
        var rv = run.Values;
        var bv = baseline.Values;
        var steps = new List<long>(Math.Min(rs.Length, bs.Length));
        var values = new List<double>(steps.Capacity);
        int i = 0, j = 0;
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
                steps.Add(rs[i]);
                values.Add(rv[i] - bv[j]);
                i++;
                j++;
            }
        }
        return new LossDifference([.. steps], [.. values]);
    }
}
