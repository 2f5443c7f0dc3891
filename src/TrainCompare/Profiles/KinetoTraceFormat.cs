using System.Globalization;

namespace TrainCompare.Profiles;

/// <summary>
/// The PyTorch profiler's trace (Kineto's Chrome trace JSON, <c>*.pt.trace.json</c>, plain or gzip), one file per rank.
/// Times are microseconds. Read: GPU activities (category <c>kernel</c>, <c>gpu_memcpy</c>, <c>gpu_memset</c>; the older
/// <c>Kernel</c>, <c>Memcpy</c>, <c>Memset</c>), CPU ops (<c>cpu_op</c>, the older <c>Operator</c>), launch calls
/// (<c>cuda_runtime</c>, <c>cuda_driver</c>, the older <c>Runtime</c>) and the CPU→GPU flow events (<c>ac2g</c>, the older
/// <c>async_cpu_to_gpu</c>) that link a kernel to the call that launched it, and the <c>ProfilerStep#N</c> spans.
/// <para>
/// Each kernel is keyed by its normalised name (<see cref="KernelNames"/>) under the innermost CPU op around its
/// launch call on the launching thread (<c>aten::mm</c>), and counted in the step its launch lies in. Per step and
/// device: each op's summed time, and busy time, the union of the GPU's activities (kernels overlapping across
/// streams count once); idle time is the step's span less busy time. Several GPUs in one file are averaged.
/// </para>
/// </summary>
public sealed class KinetoTraceFormat : IProfileFormat
{
    public string Name => "pytorch";

    public string Description => "PyTorch profiler (Kineto) trace JSON (*.pt.trace.json, plain or .gz)";

    public double Detect(ReadOnlySpan<byte> sample)
    {
        var text = sample.StartsWith("\uFEFF"u8) ? sample[3..] : sample;
        text = text.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty || (text[0] != (byte)'{' && text[0] != (byte)'['))
        {
            return 0;
        }
        if (text.IndexOf("\"traceEvents\""u8) >= 0)
        {
            return 1;
        }
        return text.IndexOf("\"ph\""u8) >= 0 && text.IndexOf("\"ts\""u8) >= 0 ? 0.7 : 0;
    }

    public ProfileData Read(Stream stream, string path, ProfileOptions options, Action<long>? onRead)
    {
        var reader = new KinetoReader(stream, onRead);
        reader.Read(path);
        if (!reader.SawEvents)
        {
            throw TrainCompareException.ForFile(path, "not a PyTorch profiler trace: no traceEvents array");
        }
        var findings = new List<Finding>();
        if (reader.TruncatedAt is { } at)
        {
            if (reader.Gpu.Count == 0)
            {
                throw TrainCompareException.ForFile(path, $"the trace is cut short at byte {at.ToString(CultureInfo.InvariantCulture)}, before any GPU activity "
                                                          + "(was the profiler stopped while writing it?)");
            }
            findings.Add(Finding.Warning("profile.truncated", $"the trace is cut short at byte {at.ToString(CultureInfo.InvariantCulture)} (was the "
                    + $"profiler stopped while writing it?): the {reader.Events.ToString(CultureInfo.InvariantCulture)} complete events before it are read")
                .With(("offset", at), ("events", reader.Events)));
        }
        if (reader.Gpu.Count == 0)
        {
            throw TrainCompareException.ForFile(path, "the trace holds no GPU activity (no kernel, copy or set): a CPU-only profile has no device time to compare");
        }
        return KinetoAggregate.Of(reader, path, findings);
    }
}

/// <summary>What <see cref="KinetoTraceFormat"/> makes of the events: launchers, steps, per-step op times and busy time.</summary>
internal static class KinetoAggregate
{
    public static ProfileData Of(KinetoReader reader, string path, List<Finding> findings)
    {
        var gpu = reader.Gpu;
        var cpu = reader.Cpu;
        var names = reader.Names;

        // steps: ProfilerStep#N spans by start; one number once (the longest)
        var steps = reader.Steps.GroupBy(s => s.Number).Select(g => g.MaxBy(s => s.Dur)).OrderBy(s => s.Ts).ToList();
        bool numbered = steps.Count > 0;
        if (!numbered)
        {
            long first = long.MaxValue, last = long.MinValue;
            for (int i = 0; i < gpu.Count; i++)
            {
                first = Math.Min(first, gpu.Ts[i]);
                last = Math.Max(last, gpu.Ts[i] + gpu.Dur[i]);
            }
            steps.Add((0, first, last - first));
            findings.Add(Finding.Info("profile.no-steps", "the trace marks no ProfilerStep: read as one step, from its first GPU activity to its last"));
        }

        var parents = Nesting(cpu, out var byThread);
        var stepStarts = steps.Select(s => s.Ts).ToArray();
        var devices = new Dictionary<long, int>();
        var opIndex = new Dictionary<(int Launcher, int Kernel), int>();
        var ops = new List<ProfileOp>();
        var normalized = new Dictionary<int, int>(); // raw name id -> normalised name id
        var normalNames = new ByteInterner();
        var assigned = new List<(int Step, int Device, long Ts, long End, int Op)>(gpu.Count);
        long outside = 0, unlaunched = 0;
        double unlaunchedNs = 0, totalNs = 0;
        for (int i = 0; i < gpu.Count; i++)
        {
            long when = gpu.Ts[i];
            int launcher = -1;
            if (gpu.B[i] >= 0 && reader.Launches.TryGetValue(gpu.B[i], out var launch))
            {
                when = launch.Ts;
                launcher = Innermost(cpu, parents, byThread, launch.Thread, launch.Ts);
            }
            int step = StepOf(stepStarts, steps, when);
            if (step < 0 && !numbered)
            {
                step = 0;
            }
            if (step < 0)
            {
                outside++;
                continue;
            }
            totalNs += gpu.Dur[i];
            if (launcher < 0 && gpu.Kind[i] == KinetoReader.Category.Kernel)
            {
                unlaunched++;
                unlaunchedNs += gpu.Dur[i];
            }
            if (!normalized.TryGetValue(gpu.Name[i], out int kernel))
            {
                kernel = normalNames.Intern(KernelNames.Normalize(names[gpu.Name[i]]));
                normalized.Add(gpu.Name[i], kernel);
            }
            int launcherName = launcher < 0 ? -1 : cpu.Name[launcher];
            if (!opIndex.TryGetValue((launcherName, kernel), out int op))
            {
                op = ops.Count;
                opIndex.Add((launcherName, kernel), op);
                string? launcherText = launcher < 0 ? null : names[launcherName];
                var ancestors = new List<string>();
                for (int p = launcher < 0 ? -1 : parents[launcher]; p >= 0 && ancestors.Count < 2; p = parents[p])
                {
                    ancestors.Add(names[cpu.Name[p]]);
                }
                ops.Add(new ProfileOp(ProfileOp.KeyOf(launcherText, normalNames[kernel]), normalNames[kernel], launcherText)
                {
                    Ancestors = ancestors,
                    Example = names[gpu.Name[i]],
                });
            }
            if (!devices.TryGetValue(gpu.A[i], out int device))
            {
                device = devices.Count;
                devices.Add(gpu.A[i], device);
            }
            assigned.Add((step, device, gpu.Ts[i], gpu.Ts[i] + gpu.Dur[i], op));
        }
        if (outside > 0)
        {
            findings.Add(Finding.Info("profile.outside-steps", $"{outside.ToString(CultureInfo.InvariantCulture)} GPU activities launched outside every "
                                                               + "ProfilerStep are left out").With(("activities", outside)));
        }
        if (unlaunched > 0 && totalNs > 0)
        {
            findings.Add(Finding.Info("profile.no-launcher", $"{unlaunchedNs / totalNs * 100:0.#}% of the kernel time has no launching CPU op in the "
                                                             + "trace (no cpu_op around its launch): those kernels are matched by name alone")
                .With(("kernels", unlaunched), ("share", unlaunchedNs / totalNs)));
        }

        // per step: each op's time and calls per device, and the union of each device's activities
        assigned.Sort((a, b) => a.Step != b.Step ? a.Step.CompareTo(b.Step) : a.Device != b.Device ? a.Device.CompareTo(b.Device) : a.Ts.CompareTo(b.Ts));
        int deviceCount = Math.Max(1, devices.Count);
        var result = new List<ProfileStep>(steps.Count);
        int at = 0;
        int behind = 0;
        int representative = steps.Count / 2;
        var sequence = new List<int>();
        for (int s = 0; s < steps.Count; s++)
        {
            var opNs = new double[ops.Count];
            var calls = new double[ops.Count];
            double busy = 0;
            while (at < assigned.Count && assigned[at].Step == s)
            {
                int device = assigned[at].Device;
                long unionStart = long.MinValue, unionEnd = long.MinValue;
                for (; at < assigned.Count && assigned[at].Step == s && assigned[at].Device == device; at++)
                {
                    var a = assigned[at];
                    opNs[a.Op] += (a.End - a.Ts) / (double)deviceCount;
                    calls[a.Op] += 1.0 / deviceCount;
                    if (s == representative && device == 0)
                    {
                        sequence.Add(a.Op);
                    }
                    if (a.Ts > unionEnd)
                    {
                        busy += unionEnd - unionStart;
                        (unionStart, unionEnd) = (a.Ts, a.End);
                    }
                    else
                    {
                        unionEnd = Math.Max(unionEnd, a.End);
                    }
                }
                busy += unionEnd - unionStart;
            }
            busy /= deviceCount;
            double span = steps[s].Dur;
            behind += busy > span ? 1 : 0;
            result.Add(new ProfileStep(numbered ? steps[s].Number : null, opNs, calls) { Busy = busy, Span = span });
        }
        if (behind * 2 > steps.Count)
        {
            findings.Add(Finding.Info("profile.gpu-behind", "the GPU is busy for longer than the CPU's ProfilerStep span in most steps (it runs "
                                                            + "behind the CPU): the idle time is a lower bound"));
        }
        return new ProfileData
        {
            File = path,
            Format = "pytorch",
            Ops = ops,
            Steps = result,
            Devices = deviceCount,
            DeviceMerge = deviceCount == 1 ? null : "each op's mean over the GPUs",
            Rank = reader.Rank,
            Hardware = reader.Hardware,
            Gaps = GapKind.GpuIdle,
            Region = numbered
                ? $"{steps.Count} ProfilerStep{(steps.Count == 1 ? "" : "s")} (#{steps[0].Number.ToString(CultureInfo.InvariantCulture)}–#{steps[^1].Number.ToString(CultureInfo.InvariantCulture)})"
                : "the whole trace as one step",
            Sequence = sequence,
            Findings = findings,
        };
    }

    /// <summary>The step whose span holds <paramref name="ts"/>: the last starting at or before it, if it has not ended; -1 for none.</summary>
    private static int StepOf(long[] starts, List<(long Number, long Ts, long Dur)> steps, long ts)
    {
        int i = Array.BinarySearch(starts, ts);
        if (i < 0)
        {
            i = ~i - 1;
        }
        return i >= 0 && ts <= steps[i].Ts + steps[i].Dur ? i : -1;
    }

    /// <summary>
    /// Each CPU op's enclosing op on its thread (-1 for a top-level one), and each thread's ops sorted by start
    /// (the outer first when two start together).
    /// </summary>
    private static int[] Nesting(KinetoReader.Columns cpu, out Dictionary<int, int[]> byThread)
    {
        var parents = new int[cpu.Count];
        Array.Fill(parents, -1);
        var order = new int[cpu.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        Array.Sort(order, (a, b) => cpu.A[a] != cpu.A[b] ? cpu.A[a].CompareTo(cpu.A[b])
            : cpu.Ts[a] != cpu.Ts[b] ? cpu.Ts[a].CompareTo(cpu.Ts[b])
            : cpu.Dur[b].CompareTo(cpu.Dur[a]));
        byThread = [];
        var stack = new Stack<int>();
        int from = 0;
        for (int k = 0; k <= order.Length; k++)
        {
            if (k < order.Length && k > from && cpu.A[order[k]] == cpu.A[order[from]])
            {
                // same thread: fall through to nest
            }
            else if (k > from)
            {
                byThread[(int)cpu.A[order[from]]] = order[from..k];
                from = k;
                stack.Clear();
            }
            if (k == order.Length)
            {
                break;
            }
            int op = order[k];
            // ops that ended before this one starts, or end before it does (overlapping without nesting), are not its parent
            while (stack.Count > 0 && cpu.Ts[stack.Peek()] + cpu.Dur[stack.Peek()] < cpu.Ts[op] + cpu.Dur[op])
            {
                stack.Pop();
            }
            parents[op] = stack.Count > 0 ? stack.Peek() : -1;
            stack.Push(op);
        }
        return parents;
    }

    /// <summary>The innermost CPU op on <paramref name="thread"/> whose span holds <paramref name="ts"/>; -1 for none.</summary>
    private static int Innermost(KinetoReader.Columns cpu, int[] parents, Dictionary<int, int[]> byThread, int thread, long ts)
    {
        if (!byThread.TryGetValue(thread, out var ops))
        {
            return -1;
        }
        int lo = 0, hi = ops.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cpu.Ts[ops[mid]] <= ts)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        for (int op = found < 0 ? -1 : ops[found]; op >= 0; op = parents[op])
        {
            if (cpu.Ts[op] <= ts && ts <= cpu.Ts[op] + cpu.Dur[op])
            {
                return op;
            }
        }
        return -1;
    }
}
