using TrainCompare.Runs;

namespace TrainCompare.Analysis;

/// <summary>Mean and population std of a run's step times after warm-up.</summary>
/// <param name="Count">Step times used (after skipping warm-up).</param>
public sealed record StepTimeStats(int Count, double Mean, double Std);

/// <summary>Mean of a run's last losses.</summary>
/// <param name="Count">Losses averaged.</param>
/// <param name="CoversWholeRun">True when the run had fewer losses than the window, so all were used.</param>
public sealed record FinalLoss(double Value, int Count, bool CoversWholeRun);

/// <summary>What the analysis says about one run on its own.</summary>
public sealed record RunSummary(Run Run, int StepTimeCount, Series TimedSteps, StepTimeStats? StepTime, FinalLoss? FinalLoss)
{
    public static RunSummary Of(Run run, ComparisonOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(options);
        var times = run.StepTimeMs;
        var timed = times.Skip(options.WarmupSteps);
        StepTimeStats? stats = timed.Count == 0
            ? null
            : new StepTimeStats(timed.Count, NumpyMath.Mean(timed.Values), NumpyMath.PopulationStd(timed.Values));
        var losses = run.Loss.Values;
        FinalLoss? final = null;
        if (!losses.IsEmpty)
        {
            int window = Math.Min(options.FinalWindow, losses.Length);
            final = new FinalLoss(NumpyMath.Mean(losses[^window..]), window, losses.Length < options.FinalWindow);
        }
        return new RunSummary(run, times.Count, timed, stats, final);
    }
}
