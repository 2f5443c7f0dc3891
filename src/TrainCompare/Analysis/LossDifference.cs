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
        if (run.Count == 0 || baseline.Count == 0)
        {
            return Series.Empty(Metric);
        }
        var rv = run.Values;
        var bv = baseline.Values;
        if (run.HasImplicitSteps && baseline.HasImplicitSteps && run.Count > 1 && baseline.Count > 1)
        {
            long stride = run.StepAt(1) - run.FirstStep;
            if (stride == baseline.StepAt(1) - baseline.FirstStep && (run.FirstStep - baseline.FirstStep) % stride == 0)
            {
                // same grid: the common steps are one stretch of it, no search needed
                long first = Math.Max(run.FirstStep, baseline.FirstStep);
                long last = Math.Min(run.LastStep, baseline.LastStep);
                int count = last < first ? 0 : (int)((last - first) / stride) + 1;
                int ri = (int)((first - run.FirstStep) / stride), bi = (int)((first - baseline.FirstStep) / stride);
                var diff = new double[count];
                for (int k = 0; k < count; k++)
                {
                    diff[k] = rv[ri + k] - bv[bi + k];
                }
                return Series.Arithmetic(Metric, first, stride, diff, count);
            }
        }
        int capacity = Math.Min(run.Count, baseline.Count);
        var steps = new long[capacity];
        var values = new double[capacity];
        int n = 0, i = 0, j = 0;
        while (i < run.Count && j < baseline.Count)
        {
            long rs = run.StepAt(i), bs = baseline.StepAt(j);
            if (rs < bs)
            {
                i++;
            }
            else if (rs > bs)
            {
                j++;
            }
            else
            {
                steps[n] = rs;
                values[n] = rv[i] - bv[j];
                n++;
                i++;
                j++;
            }
        }
        return new Series(Metric, steps, values, n);
    }
}
