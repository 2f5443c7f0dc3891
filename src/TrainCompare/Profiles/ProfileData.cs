namespace TrainCompare.Profiles;

/// <summary>
/// One op as the profiles match it. <see cref="Key"/> is what two runs' ops are matched by; <see cref="Name"/> is how
/// a report shows it. tt-metal: the op code plus the op-type enums of its attributes ("BinaryNgDeviceOperation ADD");
/// PyTorch: the normalised kernel name (<see cref="KernelNames"/>) under the CPU op that launched it.
/// </summary>
/// <param name="Key">Matched by: equal keys are the same op in two runs.</param>
/// <param name="Name">Shown as: the op code, or the normalised kernel name.</param>
/// <param name="Launcher">The innermost CPU op that launched the kernel (<c>aten::mm</c>); null when none was found or the
/// format has none (tt-metal).</param>
public sealed record ProfileOp(string Key, string Name, string? Launcher)
{
    /// <summary>The CPU ops around the launcher, innermost first (<c>aten::linear</c> around <c>aten::addmm</c>); at most two.</summary>
    public IReadOnlyList<string> Ancestors { get; init; } = [];

    /// <summary>One name of the op as the profile wrote it, before normalising (a kernel's full name with its template arguments).</summary>
    public string? Example { get; init; }

    /// <summary>A key from a launcher and a kernel name: the two never share the separator.</summary>
    public static string KeyOf(string? launcher, string name) => launcher is null ? name : launcher + " \u203A " + name;
}

/// <summary>
/// One step of a profile, every time per device (several devices or ranks are merged, never summed): the time of
/// each op, and the parts of the step's wall time (<see cref="Busy"/> ⊂ <see cref="Span"/>) that reconcile it with
/// the logs' step time. Times in nanoseconds.
/// </summary>
public sealed class ProfileStep
{
    public ProfileStep(long? number, double[] opNs, double[] calls)
    {
        Number = number;
        OpNs = opNs;
        Calls = calls;
        foreach (double ns in opNs)
        {
            OpTotal += ns;
        }
    }

    /// <summary>The step's number in the profile (PyTorch's ProfilerStep#N); null when the profile numbers none.</summary>
    public long? Number { get; }

    /// <summary>Time of each op of <see cref="ProfileData.Ops"/> in this step.</summary>
    public double[] OpNs { get; }

    /// <summary>Calls of each op in this step (per device).</summary>
    public double[] Calls { get; }

    /// <summary>The ops' times summed (kernels overlapping across streams each count).</summary>
    public double OpTotal { get; }

    /// <summary>
    /// Time the device is busy: tt-metal, the ops' firmware durations (the kernel plus its launch on the device);
    /// PyTorch, the union of the GPU's kernels, copies and sets (overlapping ones counted once).
    /// </summary>
    public double Busy { get; init; }

    /// <summary>
    /// The step's wall time as the profile sees it: tt-metal, busy time plus the op-to-op gaps; PyTorch, the
    /// ProfilerStep span. <see cref="Span"/> − <see cref="Busy"/> lies between ops.
    /// </summary>
    public double Span { get; init; }

    /// <summary>Host-only ops (tt-metal rows without device durations): their host durations.</summary>
    public double Host { get; init; }
}

/// <summary>What a profile's time between ops is called.</summary>
public enum GapKind
{
    /// <summary>tt-metal: OP TO OP LATENCY, the device waiting for the next op (dispatch, host).</summary>
    OpToOp,

    /// <summary>PyTorch: the GPU doing nothing during the step.</summary>
    GpuIdle,
}

/// <summary>One profiler file, read and aggregated per step: its ops and its steps, and what reading it found out.</summary>
public sealed class ProfileData
{
    public required string File { get; init; }

    /// <summary>The format's name (<see cref="IProfileFormat.Name"/>).</summary>
    public required string Format { get; init; }

    public required IReadOnlyList<ProfileOp> Ops { get; init; }

    public required IReadOnlyList<ProfileStep> Steps { get; init; }

    /// <summary>How many devices (GPUs, Tenstorrent chips) the file holds; their times are merged per op.</summary>
    public int Devices { get; init; } = 1;

    /// <summary>How the devices were merged, for the note that says so; null for one device.</summary>
    public string? DeviceMerge { get; init; }

    /// <summary>The rank that wrote the file (PyTorch's distributedInfo); null when not said.</summary>
    public int? Rank { get; init; }

    /// <summary>The device's name as the profile states it ("NVIDIA A100-PG509-200"); null when not said.</summary>
    public string? Hardware { get; init; }

    public GapKind Gaps { get; init; }

    /// <summary>Which part of the file was read and how it was cut into steps, as a phrase for the note.</summary>
    public string Region { get; init; } = "";

    /// <summary>
    /// The ops of one representative step of the first device, in the order they ran (op indices): what the fusion
    /// grouping aligns between two runs.
    /// </summary>
    public IReadOnlyList<int> Sequence { get; init; } = [];

    public IReadOnlyList<Finding> Findings { get; init; } = [];
}
