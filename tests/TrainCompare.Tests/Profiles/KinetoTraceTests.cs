using System.IO.Compression;
using System.Text;
using TrainCompare.Profiles;

namespace TrainCompare.Tests.Profiles;

public sealed class KinetoTraceTests
{
    private static TraceBuilder OneMatmul(TraceBuilder t) => t
        .Step(3, 90, 200)
        .Op("aten::linear", 100, 40)
        .Op("aten::addmm", 104, 30)
        .Launch(7, 110)
        .Kernel("void gemm_kernel<128, 64, float>(float const*, float*)", 200, 30, 7);

    [Fact]
    public void A_kernel_is_keyed_under_the_innermost_cpu_op_around_its_launch()
    {
        var p = ProfileFiles.Read(OneMatmul(new TraceBuilder()).Json());
        var op = Assert.Single(p.Ops);
        Assert.Equal("gemm_kernel", op.Name);
        Assert.Equal("aten::addmm", op.Launcher);
        Assert.Equal(["aten::linear"], op.Ancestors);
        Assert.Equal("aten::addmm \u203A gemm_kernel", op.Key);
        var step = Assert.Single(p.Steps);
        Assert.Equal(3, step.Number);
        Assert.Equal(30_000, step.OpNs[0]);
        Assert.Equal(1, step.Calls[0]);
        Assert.Equal(200_000, step.Span);
        Assert.Equal(2, p.Rank);
        Assert.Equal("Test GPU", p.Hardware);
        Assert.Equal(GapKind.GpuIdle, p.Gaps);
    }

    [Fact]
    public void Without_a_runtime_event_the_ac2g_flow_finds_the_launch()
    {
        var t = new TraceBuilder().Step(1, 90, 200).Op("aten::mm", 100, 30).Flow(7, 110)
            .Kernel("ampere_sgemm_128x64_tn", 200, 30, 7);
        var op = Assert.Single(ProfileFiles.Read(t.Json()).Ops);
        Assert.Equal("aten::mm", op.Launcher);
        Assert.Equal("ampere_sgemm_*_tn", op.Name);
    }

    [Fact]
    public void The_older_categories_read_the_same()
    {
        var old = ProfileFiles.Read(OneMatmul(new TraceBuilder { KernelCategory = "Kernel", OpCategory = "Operator", RuntimeCategory = "Runtime" }).Json());
        var now = ProfileFiles.Read(OneMatmul(new TraceBuilder()).Json());
        Assert.Equal(now.Ops.Select(o => o.Key), old.Ops.Select(o => o.Key));
        Assert.Equal(now.Steps[0].OpNs, old.Steps[0].OpNs);
    }

    [Fact]
    public void Busy_time_counts_kernels_overlapping_across_streams_once_and_summed_time_counts_each()
    {
        var t = new TraceBuilder().Step(1, 0, 1000)
            .Launched("aten::mm", "gemm", 10, 200, 30, 1, stream: 7)   // 200–230
            .Launched("aten::add", "add_kernel", 20, 210, 50, 2, stream: 8)  // 210–260, overlapping
            .Launched("aten::mul", "mul_kernel", 30, 400, 10, 3, stream: 7); // 400–410
        var step = Assert.Single(ProfileFiles.Read(t.Json()).Steps);
        Assert.Equal(90_000, step.OpTotal);
        Assert.Equal(70_000, step.Busy); // 200–260 and 400–410
        Assert.Equal(1_000_000, step.Span);
    }

    [Fact]
    public void Kernels_count_in_the_step_their_launch_lies_in_even_when_they_run_after_it()
    {
        var t = new TraceBuilder().Step(1, 0, 100).Step(2, 100, 100)
            .Launched("aten::mm", "gemm", 50, 150, 30, 1)   // launched in step 1, runs during step 2
            .Launched("aten::mm", "gemm", 120, 190, 30, 2);
        var p = ProfileFiles.Read(t.Json());
        Assert.Equal([1L, 2L], p.Steps.Select(s => s.Number!.Value));
        Assert.All(p.Steps, s => Assert.Equal(30_000, s.OpTotal));
    }

    [Fact]
    public void Activities_launched_outside_every_step_are_left_out_with_a_note()
    {
        var t = new TraceBuilder().Step(1, 0, 100).Launched("aten::mm", "gemm", 10, 20, 5, 1).Launched("aten::mm", "gemm", 500, 520, 5, 2);
        var p = ProfileFiles.Read(t.Json());
        Assert.Equal(5_000, Assert.Single(p.Steps).OpTotal);
        Assert.Contains(p.Findings, f => f.Code == "profile.outside-steps");
    }

    [Fact]
    public void Microsecond_times_become_nanoseconds_exactly_even_for_sixteen_digit_times()
    {
        Assert.Equal(1661203463029566_000L, KinetoReader.Micros("1661203463029566"u8));
        Assert.Equal(4203669603771_648L, KinetoReader.Micros("4203669603771.648"u8));
        Assert.Equal(6_880L, KinetoReader.Micros("6.88"u8));
        Assert.Equal(1_500L, KinetoReader.Micros("1.5e0"u8));
    }

    [Fact]
    public void A_trace_cut_inside_an_event_keeps_the_complete_events_before_it_and_says_where()
    {
        var t = new TraceBuilder().Step(1, 0, 1000);
        for (int i = 0; i < 50; i++)
        {
            t.Launched("aten::mm", "gemm", 10 + i * 10, 20 + i * 10, 5, i + 1);
        }
        string json = t.Json();
        int cut = json.IndexOf("\"correlation\": 41", StringComparison.Ordinal) + 5; // inside a launch call of the 41st op
        var p = ProfileFiles.Read(json[..cut]);
        var truncated = Assert.Single(p.Findings, f => f.Code == "profile.truncated");
        Assert.Equal(Severity.Warning, truncated.Severity);
        Assert.Contains("cut short at byte", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(40, Assert.Single(p.Steps).Calls.Sum());
    }

    [Fact]
    public void A_trace_cut_before_any_gpu_activity_is_refused_with_the_offset()
    {
        string json = OneMatmul(new TraceBuilder()).Json();
        int cut = json.IndexOf("gemm_kernel", StringComparison.Ordinal);
        var e = Assert.Throws<TrainCompareException>(() => ProfileFiles.Read(json[..cut]));
        Assert.Matches(@"cut short at byte \d+", e.Message);
    }

    [Fact]
    public void Broken_json_in_the_middle_is_refused_naming_the_byte_of_the_event()
    {
        string json = OneMatmul(new TraceBuilder()).Json().Replace("\"dur\": 30,", "\"dur\": 30,,", StringComparison.Ordinal);
        var e = Assert.Throws<TrainCompareException>(() => ProfileFiles.Read(json));
        Assert.Matches(@"broken JSON in the event starting at byte \d+", e.Message);
    }

    [Fact]
    public void The_array_format_may_leave_its_closing_bracket_out()
    {
        string json = OneMatmul(new TraceBuilder()).Json(arrayFormat: true).TrimEnd().TrimEnd(']');
        var p = ProfileFiles.Read(json);
        Assert.DoesNotContain(p.Findings, f => f.Code == "profile.truncated");
        Assert.Single(p.Ops);
    }

    [Fact]
    public void Escaped_names_are_read_as_text()
    {
        string json = OneMatmul(new TraceBuilder()).Json().Replace("void gemm_kernel<128, 64, float>", "void gemm_kernel\\u003c128, 64, float\\u003e", StringComparison.Ordinal);
        Assert.Equal("gemm_kernel", Assert.Single(ProfileFiles.Read(json).Ops).Name);
    }

    [Fact]
    public void A_trace_larger_than_the_buffer_reads_events_across_its_refills()
    {
        var t = new TraceBuilder().Step(1, 0, 10_000_000);
        for (int i = 0; i < 12_000; i++)
        {
            t.Launched(i % 2 == 0 ? "aten::mm" : "aten::add", i % 2 == 0 ? "gemm" : "add", 10 + i * 100, 20 + i * 100, 5 + (i % 3), i + 1);
        }
        string json = t.Json();
        Assert.True(json.Length > 3 << 20);
        var p = ProfileFiles.Read(json);
        var totals = ProfileFiles.Totals(p);
        // 6000 of each: gemm's durations 5, 7, 6, 5, … (i % 3 over even i), add's 6, 5, 7, …
        Assert.Equal(6000 * 6 / 1000.0, totals["aten::mm \u203A gemm"], 9);
        Assert.Equal(6000 * 6 / 1000.0, totals["aten::add \u203A add"], 9);
        Assert.Equal(12_000, p.Steps[0].Calls.Sum());
    }

    [Fact]
    public void A_gzip_trace_cut_short_is_an_error_naming_the_file()
    {
        string json = OneMatmul(new TraceBuilder()).Json();
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gz.Write(Encoding.UTF8.GetBytes(json + new string(' ', 20_000)));
        }
        byte[] bytes = buffer.ToArray()[..(int)(buffer.Length * 2 / 3)];
        var e = Assert.Throws<TrainCompareException>(() => ProfileFiles.ReadBytes(bytes, ".json.gz"));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rocm_trace_reads_hip_calls_and_its_steps()
    {
        var p = ProfileFormats.Read(ProfileFiles.Fixture("hta_mi250_minitoy_train.json.gz"), ProfileOptions.Default);
        Assert.Equal("pytorch", p.Format);
        Assert.Equal([1L, 2L], p.Steps.Select(s => s.Number!.Value));
        Assert.Contains(p.Ops, o => o.Launcher == "aten::addmm" && o.Name.StartsWith("Cijk_", StringComparison.Ordinal));
        Assert.Contains(p.Ops, o => o.Launcher == "aten::mse_loss");
        Assert.Equal("AMD Radeon Graphics", p.Hardware);
    }

    [Fact]
    public void A_triton_kernel_launched_through_the_driver_keeps_its_fused_ops_in_the_name()
    {
        var p = ProfileFormats.Read(ProfileFiles.Fixture("hta_triton_example.json.gz"), ProfileOptions.Default);
        var op = Assert.Single(p.Ops);
        Assert.Equal("triton_poi_fused_add_cos_sin", op.Name);
        Assert.NotNull(op.Launcher);
    }

    [Fact]
    public void A_trace_without_profiler_steps_is_one_step_with_a_note()
    {
        var p = ProfileFormats.Read(ProfileFiles.Fixture("hta_alexnet_no_steps.json.gz"), ProfileOptions.Default);
        var step = Assert.Single(p.Steps);
        Assert.Null(step.Number);
        Assert.Contains(p.Findings, f => f.Code == "profile.no-steps");
        Assert.True(step.Busy <= step.Span);
    }

    [Fact]
    public void A_json_file_that_is_no_trace_is_refused()
    {
        var e = Assert.Throws<TrainCompareException>(() => ProfileFiles.Read("{\"traceEvents\": [{\"ph\": \"X\", \"cat\": \"cpu_op\", \"name\": \"aten::mm\", \"ts\": 1, \"dur\": 2}]}"));
        Assert.Contains("no GPU activity", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<TrainCompareException>(() => ProfileFiles.Read("{\"loss\": 1.5}\n", ".json"));
        Assert.Contains("not a profile", e.Message, StringComparison.Ordinal);
    }
}
