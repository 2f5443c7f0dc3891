using TrainCompare.Analysis;
using TrainCompare.Pipeline;
using TrainCompare.Profiles;
using TrainCompare.Reports;

namespace TrainCompare.Tests.Profiles;

public sealed class ProfileComparisonTests : TempDirectory
{
    public ProfileComparisonTests() : base("traincmp-profiles-") { }

    /// <summary>Two runs' logs (step times around the given means) with these profiles, analysed as the CLI does.</summary>
    private Comparison Compare(string baselineProfile, string runProfile, double baselineMs = 700, double runMs = 650, string region = "last")
    {
        string baseline = Write("baseline.txt", TestLogs.Log(300, s => 3.0 - s * 0.001, s => baselineMs + (s % 7) - 3));
        string run = Write("fused.txt", TestLogs.Log(300, s => 3.0 - s * 0.001, s => runMs + (s % 5) - 2));
        var request = new ComparisonRequest
        {
            Baseline = baseline,
            Compare = [run],
            BaselineProfile = baselineProfile,
            CompareProfiles = [runProfile],
            ProfileRegion = region,
            Output = new OutputSettings { Directory = Path.Combine(Dir, "out") },
        };
        return Comparison.Of(ComparisonPipeline.Load(request), request.Options);
    }

    [Fact]
    public void The_example_profiles_reconcile_with_the_example_logs()
    {
        string baseline = Write("b.txt", File.ReadAllText(ProfileFiles.Example("baseline.txt")));
        string run = Write("f.txt", File.ReadAllText(ProfileFiles.Example("fused.txt")));
        var request = new ComparisonRequest
        {
            Baseline = baseline,
            Compare = [run],
            Labels = ["baseline", "fused"],
            BaselineProfile = ProfileFiles.Example("baseline_ops.csv.gz"),
            CompareProfiles = [ProfileFiles.Example("fused_ops.csv.gz")],
        };
        var c = Comparison.Of(ComparisonPipeline.Load(request), request.Options);
        var p = c.Comparisons[0].Profile!;
        Assert.Equal(3, p.BaselineSteps);
        Assert.Equal(2, p.BaselineDevices);
        Assert.True(p.StepFromLogs && p.StepChanged);
        Assert.InRange(p.Explained!.Value, 0.45, 0.65);                 // ops explain about half of the 54 ms
        Assert.InRange(p.Parts[1].DeltaMs!.Value, -32, -26);             // device op time
        Assert.InRange(p.Parts[3].DeltaMs!.Value, -23, -17);             // op-to-op gaps
        Assert.Equal(1, p.Parts.Skip(1).Sum(x => x.Share!.Value), 9);    // the parts add up to the step time's change
        var fusion = Assert.Single(p.Ops, o => o.Match == OpMatch.Fusion);
        Assert.Equal(["PadDeviceOperation", "SliceDeviceOperation", "TilizeWithValPaddingDeviceOperation", "UntilizeWithUnpaddingDeviceOperation"],
            fusion.BaselineOps.Order(StringComparer.Ordinal));
        Assert.Equal(["NLPConcatHeadsDeviceOperation", "NLPCreateHeadsDeviceOperation", "ReshardDeviceOperation"], fusion.RunOps.Order(StringComparer.Ordinal));
        Assert.True(fusion.DeltaMs < -15);
        Assert.Equal(fusion, p.Ops[0]); // the largest change first
        var matmul = Assert.Single(p.Ops, o => o.Label == "Matmul");
        Assert.Equal(99, matmul.BaselineCalls);
        Assert.True(matmul.DeltaHigh < 0);
        Assert.Equal(1, p.Ops.Sum(o => o.Share!.Value), 9);
        string clause = ProfileTables.Clause(p).Text;
        Assert.Contains("device op time per step −", clause, StringComparison.Ordinal);
        Assert.Contains("ops explain 5", clause, StringComparison.Ordinal);
        Assert.Contains("op-to-op gaps −", clause, StringComparison.Ordinal);
        Assert.Contains("Matmul", clause, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernels_of_two_gpu_vendors_compare_under_the_cpu_ops_that_launched_them()
    {
        var c = Compare(ProfileFiles.Fixture("tracelens_h100_bert_small.json.gz"), ProfileFiles.Fixture("tracelens_mi300_bert_small.json.gz"));
        var p = c.Comparisons[0].Profile!;
        Assert.Contains(p.Ops, o => o.Match == OpMatch.Launcher && o.Launcher == "aten::addmm" && o.BaselineCalls == o.RunCalls);
        Assert.Contains(p.Ops, o => o.Match == OpMatch.Launcher && o.Launcher == "aten::_flash_attention_forward");
        // most of both runs' time is compared op for op, not lost to one-sided groups
        double matched = p.Ops.Where(o => o.Match != OpMatch.Fusion).Sum(o => o.BaselineMs + o.RunMs);
        Assert.True(matched > 0.8 * (p.Total.BaselineMs + p.Total.RunMs), $"{matched} of {p.Total.BaselineMs + p.Total.RunMs}");
        var note = Assert.Single(c.Comparisons[0].Findings, f => f.Code == "profile.matched-by-launcher");
        Assert.Contains("NVIDIA H100", note.Message, StringComparison.Ordinal);
    }

    /// <summary>The same kernels every step; only the steps' spans differ (the GPU waits longer between them).</summary>
    private static string IdleTrace(double stepUs, string kernelSuffix = "")
    {
        var t = new TraceBuilder();
        long correlation = 1;
        for (int s = 0; s < 4; s++)
        {
            double start = s * stepUs;
            t.Step(10 + s, start, stepUs);
            t.Launched("aten::mm", "gemm" + kernelSuffix, start + 10, start + 100, 20_000 + s * 10, correlation++);
            t.Launched("aten::add", "add" + kernelSuffix, start + 20, start + 20_200, 5_000, correlation++);
        }
        return t.Json();
    }

    [Fact]
    public void When_ops_barely_change_the_speedup_is_placed_in_the_gpu_idle_time()
    {
        string b = Write("b.pt.trace.json", IdleTrace(100_000));
        string r = Write("r.pt.trace.json", IdleTrace(60_000));
        var p = Compare(b, r, baselineMs: 100, runMs: 60).Comparisons[0].Profile!;
        Assert.True(p.StepChanged);
        Assert.InRange(p.Explained!.Value, -0.01, 0.01);
        var idle = p.Parts.Single(x => x.Name.StartsWith("GPU idle", StringComparison.Ordinal));
        Assert.InRange(idle.DeltaMs!.Value, -40.1, -39.9);
        Assert.InRange(idle.Share!.Value, 0.99, 1.01);
        Assert.Null(p.Total.Share); // no op change to share out
        string clause = ProfileTables.Clause(p).Text;
        Assert.Contains("ops explain 0", clause, StringComparison.Ordinal);
        Assert.Contains("GPU idle −40", clause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_whose_steps_do_not_match_its_log_is_flagged()
    {
        string b = Write("b.pt.trace.json", IdleTrace(100_000));
        string r = Write("r.pt.trace.json", IdleTrace(100_000));
        var c = Compare(b, r, baselineMs: 100, runMs: 700);
        var flagged = Assert.Single(c.Comparisons[0].Findings, f => f.Code == "profile.steps-mismatch");
        Assert.Equal("fused", flagged.Run);
        Assert.Contains("its log's median step time is", flagged.Message, StringComparison.Ordinal);
        // numbered far past the log's last step (300)
        var outside = new TraceBuilder().Step(5000, 0, 100_000).Launched("aten::mm", "gemm", 10, 100, 20_000, 1);
        c = Compare(b, Write("o.pt.trace.json", outside.Json()), baselineMs: 100, runMs: 100);
        Assert.Contains(c.Comparisons[0].Findings, f => f.Code == "profile.steps-outside");
    }

    [Fact]
    public void Profiles_of_two_kinds_or_of_one_run_only_are_not_compared_and_say_so()
    {
        string trace = Write("b.pt.trace.json", IdleTrace(100_000));
        var c = Compare(trace, ProfileFiles.Example("fused_ops.csv.gz"));
        Assert.Null(c.Comparisons[0].Profile);
        Assert.Contains(c.Comparisons[0].Findings, f => f.Code == "profile.kinds-differ");
        c = Compare(trace, ComparisonRequest.NoProfile);
        Assert.Null(c.Comparisons[0].Profile);
        Assert.Contains(c.Comparisons[0].Findings, f => f.Code == "profile.one-side");
    }

    [Fact]
    public void Renamed_kernels_under_one_launcher_and_one_kernel_under_new_launchers_are_matched()
    {
        string b = Write("b.pt.trace.json", IdleTrace(100_000));
        var renamed = new TraceBuilder();
        long correlation = 1;
        for (int s = 0; s < 4; s++)
        {
            double start = s * 100_000;
            renamed.Step(10 + s, start, 100_000);
            renamed.Launched("aten::mm", "Cijk_Ailk_Bljk_MT64x64x32", start + 10, start + 100, 15_000, correlation++);
            renamed.Launched("CompiledFunction", "add", start + 20, start + 20_200, 5_000, correlation++);
        }
        var p = Compare(b, Write("r.pt.trace.json", renamed.Json()), baselineMs: 100, runMs: 95).Comparisons[0].Profile!;
        var mm = Assert.Single(p.Ops, o => o.Match == OpMatch.Launcher);
        Assert.Equal("aten::mm", mm.Launcher);
        Assert.InRange(mm.DeltaMs, -5.03, -4.99);
        var add = Assert.Single(p.Ops, o => o.Label == "add");
        Assert.Equal("aten::add → CompiledFunction", add.Launcher);
        Assert.DoesNotContain(p.Ops, o => o.Match == OpMatch.Fusion);
    }

    [Fact]
    public void Welchs_interval_matches_scipy()
    {
        // scipy: d ± t.ppf(0.975, df) · se, Welch–Satterthwaite df (4.070217917675546)
        var ci = ProfileComparison.Welch([10.2, 10.5, 10.1, 10.4], [8.1, 8.4, 8.0])!.Value;
        Assert.Equal(-2.549527381908784, ci.Low, 9);
        Assert.Equal(-1.7171392847578817, ci.High, 9);
        Assert.Null(ProfileComparison.Welch([1.0], [2.0, 3.0]));
        Assert.Equal((1.0, 1.0), ProfileComparison.Welch([1.0, 1.0], [2.0, 2.0])!.Value);
    }
}
