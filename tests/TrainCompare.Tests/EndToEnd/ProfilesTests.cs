using System.IO.Compression;
using System.Text.Json;
using TrainCompare.Tests.Profiles;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>Profiles on the command line: the quick start's op table, every output, and bad profiles refused.</summary>
public sealed class ProfilesTests : TempDirectory
{
    public ProfilesTests() : base("traincmp-e2e-profiles-") { }

    private string Out => Path.Combine(Dir, "out");

    private static string[] Examples =>
    [
        "--baseline", Path.Combine(Traincmp.ExamplesDir, "baseline.txt"), "--compare", Path.Combine(Traincmp.ExamplesDir, "fused.txt"),
        "--baseline-profile", Path.Combine(Traincmp.ExamplesDir, "baseline_ops.csv.gz"),
        "--compare-profile", Path.Combine(Traincmp.ExamplesDir, "fused_ops.csv.gz"),
    ];

    [Fact]
    public void The_examples_show_where_the_time_went_in_every_output()
    {
        string json = Path.Combine(Dir, "r.json");
        var r = Traincmp.Run(Dir, [.. Examples, "--output-dir", Out, "--report", "md,html,csv", "--json", json]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Where the time went: fused vs baseline, ms per step per device (step time: the logs' median)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Ops: fused vs baseline", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("fusion 1: ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("ops explain 5", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("note: profile ", r.Stdout, StringComparison.Ordinal);
        foreach (string file in new[] { "profile_ops.png", "profile_ops.csv", "summary.md", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(Out, file)), file);
        }
        Assert.Contains("Where the time went", File.ReadAllText(Path.Combine(Out, "summary.md")), StringComparison.Ordinal);
        Assert.Contains("profile_ops.png", File.ReadAllText(Path.Combine(Out, "summary.md")), StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(Out, "report.html"));
        Assert.Contains("id=\"chart-profile_ops\"", html, StringComparison.Ordinal);
        Assert.Contains("Ops only one run has", html, StringComparison.Ordinal);
        string[] csv = File.ReadAllLines(Path.Combine(Out, "profile_ops.csv"));
        Assert.StartsWith("run,baseline,op,match,", csv[0], StringComparison.Ordinal);
        Assert.Contains(csv, l => l.StartsWith("fused,baseline,Matmul,same,", StringComparison.Ordinal));

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var profile = doc.RootElement.GetProperty("profiles")[0];
        Assert.Equal("tt-metal", profile.GetProperty("format").GetString());
        Assert.Equal(2, profile.GetProperty("baselineProfile").GetProperty("devices").GetInt32());
        Assert.InRange(profile.GetProperty("explained").GetDouble(), 0.45, 0.65);
        Assert.Contains(profile.GetProperty("ops").EnumerateArray(), o => o.GetProperty("match").GetString() == "fusion");
        Assert.Contains(doc.RootElement.GetProperty("runs")[0].GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "profile.read");
    }

    [Fact]
    public void The_chart_is_written_as_svg_too()
    {
        var r = Traincmp.Run(Dir, [.. Examples, "--output-dir", Out, "--plots", "svg"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(Out, "profile_ops.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_compare_profile_for_each_compare_run_or_none()
    {
        string[] args =
        [
            "--baseline", Path.Combine(Traincmp.ExamplesDir, "baseline.txt"), "--compare", Path.Combine(Traincmp.ExamplesDir, "fused.txt"),
            "--baseline-profile", Path.Combine(Traincmp.ExamplesDir, "baseline_ops.csv.gz"), "--compare-profile", "none", "--plots", "none",
        ];
        var r = Traincmp.Run(Dir, args);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("only baseline has a profile", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Ops: fused vs baseline", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_profiles_are_refused_in_one_line_with_nothing_written()
    {
        string line = Traincmp.Fails(Dir, Out, [.. Examples[..6], "--compare-profile", "a.csv", "b.csv"]);
        Assert.Contains("--compare-profile: 2 given for 1 compare run", line, StringComparison.Ordinal);

        line = Traincmp.Fails(Dir, Out, [.. Examples[..6], "--compare-profile", Path.Combine(Dir, "missing.csv")]);
        Assert.Contains("missing.csv: file not found", line, StringComparison.Ordinal);

        string noColumns = Write("ops_perf_results_x.csv", "OP CODE,OP TYPE,DEVICE ID\nMatmul,tt_dnn_device,0\n");
        line = Traincmp.Fails(Dir, Out, [.. Examples[..6], "--compare-profile", noColumns]);
        Assert.Contains("ops_perf_results_x.csv: a tt-metal profile needs the column DEVICE KERNEL DURATION [ns] (or DEVICE FW DURATION [ns])", line,
            StringComparison.Ordinal);

        string trace = new TraceBuilder().Step(1, 0, 100).Launched("aten::mm", "gemm", 10, 20, 5, 1).Json();
        string cut = Write("cut.pt.trace.json", trace[..trace.IndexOf("gemm", StringComparison.Ordinal)]);
        line = Traincmp.Fails(Dir, Out, [.. Examples[..6], "--compare-profile", cut]);
        Assert.Matches(@"cut\.pt\.trace\.json: the trace is cut short at byte \d+", line);

        line = Traincmp.Fails(Dir, Out, [.. Examples, "--profile-region", "no_such_signpost"]);
        Assert.Contains("--profile-region no_such_signpost: no signpost or marker of that name (it has 'dataloader_step_done' ×4", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_trace_cut_short_is_read_no_further_than_its_data()
    {
        // gzip itself ends early: an error naming the file (a .gz cut short cannot be trusted past where it ends)
        string trace = new TraceBuilder().Step(1, 0, 100).Launched("aten::mm", "gemm", 10, 20, 5, 1).Json() + new string(' ', 50_000);
        string path = Path.Combine(Dir, "rank0.pt.trace.json.gz");
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Optimal))
        {
            gz.Write(System.Text.Encoding.UTF8.GetBytes(trace));
        }
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^12]);
        string line = Traincmp.Fails(Dir, Out, [.. Examples[..6], "--compare-profile", path]);
        Assert.Contains("rank0.pt.trace.json.gz: cannot be", line, StringComparison.Ordinal);
        Assert.Contains("truncated", line, StringComparison.Ordinal);
    }
}
