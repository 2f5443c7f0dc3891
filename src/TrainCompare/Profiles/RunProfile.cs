using System.Globalization;

namespace TrainCompare.Profiles;

/// <summary>
/// The profiles of one run (a rank's file each, or one file per repeat), combined: the union of their ops by key,
/// and at each step index the mean over the files that profiled it — files are devices or repeats of the same steps,
/// never summed.
/// </summary>
public sealed class RunProfile
{
    private RunProfile(IReadOnlyList<ProfileData> files, IReadOnlyList<ProfileOp> ops, IReadOnlyList<ProfileStep> steps, IReadOnlyList<int> sequence,
        IReadOnlyList<Finding> findings)
    {
        Files = files;
        Ops = ops;
        Steps = steps;
        Sequence = sequence;
        Findings = findings;
    }

    public IReadOnlyList<ProfileData> Files { get; }

    /// <summary>The format of every file (<see cref="IProfileFormat.Name"/>).</summary>
    public string Format => Files[0].Format;

    public GapKind Gaps => Files[0].Gaps;

    public IReadOnlyList<ProfileOp> Ops { get; }

    public IReadOnlyList<ProfileStep> Steps { get; }

    /// <summary>The first file's representative step, as indices into <see cref="Ops"/>.</summary>
    public IReadOnlyList<int> Sequence { get; }

    /// <summary>What reading the files found out (each naming its file), and how they were read.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Devices per file (the most any file holds).</summary>
    public int Devices => Files.Max(f => f.Devices);

    /// <summary>The device names the files state, distinct.</summary>
    public IReadOnlyList<string> Hardware => Files.Select(f => f.Hardware).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    public static RunProfile Combine(IReadOnlyList<ProfileData> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfZero(files.Count);
        if (files.Select(f => f.Format).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new TrainCompareException($"{files[0].File}, {files.First(f => f.Format != files[0].Format).File}: profiles of one run must be "
                                            + $"of one kind ({string.Join(" and ", files.Select(f => f.Format).Distinct(StringComparer.Ordinal))})");
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var ops = new List<ProfileOp>();
        var maps = files.Select(f => f.Ops.Select(op =>
        {
            if (!index.TryGetValue(op.Key, out int i))
            {
                i = ops.Count;
                index.Add(op.Key, i);
                ops.Add(op);
            }
            return i;
        }).ToArray()).ToArray();
        int count = files.Max(f => f.Steps.Count);
        var steps = new List<ProfileStep>(count);
        for (int s = 0; s < count; s++)
        {
            var having = Enumerable.Range(0, files.Count).Where(f => s < files[f].Steps.Count).ToArray();
            var opNs = new double[ops.Count];
            var calls = new double[ops.Count];
            double busy = 0, span = 0, host = 0;
            foreach (int f in having)
            {
                var step = files[f].Steps[s];
                for (int k = 0; k < step.OpNs.Length; k++)
                {
                    opNs[maps[f][k]] += step.OpNs[k] / having.Length;
                    calls[maps[f][k]] += step.Calls[k] / having.Length;
                }
                busy += step.Busy / having.Length;
                span += step.Span / having.Length;
                host += step.Host / having.Length;
            }
            steps.Add(new ProfileStep(files[having[0]].Steps[s].Number, opNs, calls) { Busy = busy, Span = span, Host = host });
        }
        var findings = new List<Finding>();
        foreach (var f in files)
        {
            findings.Add(Finding.Info("profile.read", Describe(f)) with { File = files.Count > 1 ? f.File : null });
            findings.AddRange(f.Findings.Select(x => x with { File = files.Count > 1 ? f.File : x.File }));
        }
        if (files.Count > 1 && files.Select(f => f.Steps.Count).Distinct().Count() > 1)
        {
            findings.Add(Finding.Info("profile.step-counts", "its profiles hold different numbers of steps ("
                + string.Join(", ", files.Select(f => f.Steps.Count.ToString(CultureInfo.InvariantCulture))) + "): each step is the mean of those that have it"));
        }
        return new RunProfile(files, ops, steps, files[0].Sequence.Select(i => maps[0][i]).ToArray(), findings);
    }

    /// <summary>"profile base_ops.csv: tt-metal, after the last signpost 'x', 3 steps; 2 devices, each op's slowest device".</summary>
    private static string Describe(ProfileData f)
    {
        string who = f.Rank is { } rank ? $", rank {rank.ToString(CultureInfo.InvariantCulture)}" : "";
        string hardware = f.Hardware is { } h ? $" on {h}" : "";
        string devices = f.Devices > 1 ? $"; {f.Devices.ToString(CultureInfo.InvariantCulture)} {(f.Format == "pytorch" ? "GPUs" : "devices")}, {f.DeviceMerge}" : "";
        return $"profile {f.File} ({f.Format}{who}{hardware}): {f.Region}{devices}";
    }
}
