namespace TrainCompare.Profiles;

/// <summary>Reads every run's profiles, several files at once; the first failing file in argument order is the error.</summary>
public static class ProfileLoader
{
    /// <param name="paths">Per run, its profile files (empty: the run has none).</param>
    /// <returns>Per run, its profiles combined; null for a run without.</returns>
    public static IReadOnlyList<RunProfile?> Load(IReadOnlyList<IReadOnlyList<string>> paths, ProfileOptions options, Action<long>? onRead = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var flat = paths.SelectMany(p => p).ToArray();
        var read = new ProfileData?[flat.Length];
        var errors = new Exception?[flat.Length];
        Parallel.For(0, flat.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i =>
        {
            try
            {
                read[i] = ProfileFormats.Read(flat[i], options, onRead);
            }
            catch (Exception e) when (e is TrainCompareException or IOException or UnauthorizedAccessException)
            {
                errors[i] = e;
            }
        });
        for (int i = 0; i < flat.Length; i++)
        {
            if (errors[i] is { } error)
            {
                throw error as TrainCompareException ?? TrainCompareException.ForFile(flat[i], $"cannot be read ({error.Message})");
            }
        }
        var result = new RunProfile?[paths.Count];
        int at = 0;
        for (int r = 0; r < paths.Count; r++)
        {
            int n = paths[r].Count;
            result[r] = n == 0 ? null : RunProfile.Combine(read.Skip(at).Take(n).Select(p => p!).ToArray());
            at += n;
        }
        return result;
    }
}
