using System.Globalization;
using System.Text;
using TrainCompare.Profiles;

namespace TrainCompare.Tests.Profiles;

/// <summary>The profile fixtures (Fixtures/Profiles, see its SOURCE.md), and profiles read from text.</summary>
internal static class ProfileFiles
{
    public static string Fixture(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrainCompare.slnx")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"),
            "tests", "TrainCompare.Tests", "Fixtures", "Profiles", name);
    }

    public static string Example(string name) => Path.Combine(EndToEnd.Traincmp.ExamplesDir, name);

    /// <summary>Reads <paramref name="text"/> as the format says (through a temporary file, as a user's file is read).</summary>
    public static ProfileData Read(string text, string extension = ".json", ProfileOptions? options = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"traincmp-profile-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        try
        {
            return ProfileFormats.Read(path, options ?? ProfileOptions.Default);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static ProfileData ReadBytes(byte[] bytes, string extension)
    {
        string path = Path.Combine(Path.GetTempPath(), $"traincmp-profile-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, bytes);
        try
        {
            return ProfileFormats.Read(path, ProfileOptions.Default);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Each op's time over every step, by key, in ms.</summary>
    public static Dictionary<string, double> Totals(ProfileData p) =>
        p.Ops.Select((op, i) => (op.Key, Ms: p.Steps.Sum(s => s.OpNs[i]) / 1e6)).ToDictionary(x => x.Key, x => x.Ms);
}

/// <summary>A Chrome trace written event by event, as Kineto writes one (times in µs).</summary>
internal sealed class TraceBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<string> _events = [];

    public string KernelCategory { get; init; } = "kernel";
    public string OpCategory { get; init; } = "cpu_op";
    public string RuntimeCategory { get; init; } = "cuda_runtime";

    public TraceBuilder Step(long number, double ts, double dur) =>
        Add($"{{\"ph\": \"X\", \"cat\": \"user_annotation\", \"name\": \"ProfilerStep#{number}\", \"pid\": 1, \"tid\": 1, \"ts\": {N(ts)}, \"dur\": {N(dur)}, \"args\": {{}}}}");

    public TraceBuilder Op(string name, double ts, double dur, int tid = 1) =>
        Add($"{{\"ph\": \"X\", \"cat\": \"{OpCategory}\", \"name\": \"{name}\", \"pid\": 1, \"tid\": {tid}, \"ts\": {N(ts)}, \"dur\": {N(dur)}, "
            + "\"args\": {\"External id\": 1, \"Input Dims\": [[4, 8], [8, 16]], \"Input type\": [\"float\", \"float\"]}}");

    public TraceBuilder Launch(long correlation, double ts, int tid = 1) =>
        Add($"{{\"ph\": \"X\", \"cat\": \"{RuntimeCategory}\", \"name\": \"cudaLaunchKernel\", \"pid\": 1, \"tid\": {tid}, \"ts\": {N(ts)}, \"dur\": 3, "
            + $"\"args\": {{\"cbid\": 211, \"correlation\": {correlation}}}}}");

    /// <summary>The ac2g flow's start at the launch (its end sits at the kernel).</summary>
    public TraceBuilder Flow(long id, double ts, int tid = 1) =>
        Add($"{{\"ph\": \"s\", \"id\": {id}, \"pid\": 1, \"tid\": {tid}, \"ts\": {N(ts)}, \"cat\": \"ac2g\", \"name\": \"ac2g\"}}");

    public TraceBuilder Kernel(string name, double ts, double dur, long correlation, int stream = 7, int device = 0) =>
        Add($"{{\"ph\": \"X\", \"cat\": \"{KernelCategory}\", \"name\": \"{name}\", \"pid\": {device}, \"tid\": {stream}, \"ts\": {N(ts)}, \"dur\": {N(dur)}, "
            + $"\"args\": {{\"External id\": 9, \"queued\": 0, \"device\": {device}, \"context\": 1, \"stream\": {stream}, \"correlation\": {correlation}, "
            + "\"grid\": [64, 1, 1], \"block\": [128, 1, 1]}}");

    /// <summary>A kernel launched by <paramref name="op"/>: the op around a runtime call, the kernel later on the GPU.</summary>
    public TraceBuilder Launched(string op, string kernel, double ts, double kernelTs, double dur, long correlation, int stream = 7)
        => Op(op, ts, 10).Launch(correlation, ts + 2).Kernel(kernel, kernelTs, dur, correlation, stream);

    public TraceBuilder Add(string json)
    {
        _events.Add(json);
        return this;
    }

    public string Json(bool arrayFormat = false)
    {
        var sb = new StringBuilder();
        if (!arrayFormat)
        {
            sb.Append("{\n  \"schemaVersion\": 1,\n  \"deviceProperties\": [{\"id\": 0, \"name\": \"Test GPU\", \"numSms\": 8}],\n");
            sb.Append("  \"distributedInfo\": {\"backend\": \"nccl\", \"rank\": 2, \"world_size\": 4},\n  \"traceEvents\": [\n");
        }
        else
        {
            sb.Append("[\n");
        }
        sb.AppendJoin(",\n", _events.Select(e => "  " + e));
        sb.Append(arrayFormat ? "\n]\n" : "\n  ],\n  \"traceName\": \"test.pt.trace.json\"\n}\n");
        return sb.ToString();
    }

    private static string N(double v) => v.ToString("0.###", Inv);
}
