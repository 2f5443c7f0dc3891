using TrainCompare.Formats;

namespace TrainCompare.Runs;

/// <summary>
/// Turns a column of observations in log order into a <see cref="Series"/> keyed by step. When a step
/// appears again (a run resumed from a checkpoint, two runs in one file) the later value wins.
/// </summary>
public static class SeriesBuilder
{
    public static Series Build(ObservationColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var (stored, first, stride, values) = column.Detach();
        int n = column.Count;
        if (column.IsStrictlyIncreasing)
        {
            // already strictly increasing: no copy
            return stored is null
                ? Series.Arithmetic(column.Metric, first, stride, values, n)
                : new Series(column.Metric, stored, values, n);
        }
        var steps = column.Steps.ToArray();

        // Sort positions by (step, position) and keep the last position of each step.
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => steps[a] != steps[b] ? steps[a].CompareTo(steps[b]) : a.CompareTo(b));
        var outSteps = new List<long>(n);
        var outValues = new List<double>(n);
        for (int k = 0; k < n; k++)
        {
            int i = order[k];
            if (k + 1 < n && steps[order[k + 1]] == steps[i])
            {
                continue; // a later print of the same step follows
            }
            outSteps.Add(steps[i]);
            outValues.Add(values[i]);
        }
        return new Series(column.Metric, [.. outSteps], [.. outValues], outSteps.Count);
    }
}
