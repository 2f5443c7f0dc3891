using System.Globalization;
using System.Text;
using TrainCompare.Profiles;

namespace TrainCompare.Tests.Profiles;

public sealed class TtMetalCsvTests
{
    /// <summary>A tt-metal CSV of these rows: op code, device ("" for a signpost), kernel ns, op-to-op ns, attributes.</summary>
    private static string Csv(IEnumerable<(string Op, string Device, double? Kernel, double Gap, string Attributes)> rows, string? header = null,
        bool signpostType = true)
    {
        var sb = new StringBuilder(header ?? "OP CODE,OP TYPE,GLOBAL CALL COUNT,DEVICE ID,ATTRIBUTES,MATH FIDELITY,CORE COUNT,HOST START TS,HOST DURATION [ns],"
            + "OP TO OP LATENCY [ns],DEVICE FW DURATION [ns],DEVICE KERNEL DURATION [ns],INPUT_0_LAYOUT,OUTPUT_0_LAYOUT").Append('\n');
        int call = 1024;
        foreach (var (op, device, kernel, gap, attributes) in rows)
        {
            string I(double v) => v.ToString(CultureInfo.InvariantCulture);
            if (device.Length == 0)
            {
                sb.Append(op).Append(signpostType ? ",signpost" : ",").Append(",,,,,,9323049005,,,,,,\n");
                continue;
            }
            string fw = kernel is { } k ? I(k + 1000) : "";
            sb.Append($"{op},tt_dnn_device,{call++},{device},{attributes},HiFi4,64,100,35000,{I(gap)},{fw},{(kernel is { } kk ? I(kk) : "")},TILE,TILE\n");
        }
        return sb.ToString();
    }

    private static ProfileData Read(string csv, string region = ProfileOptions.LastRegion) =>
        ProfileFiles.Read(csv, ".csv", new ProfileOptions { Region = region });

    private static (string, string, double?, double, string) Op(string op, double kernel, string device = "0", double gap = 500, string attributes = "{}")
        => (op, device, kernel, gap, attributes);

    private static (string, string, double?, double, string) Signpost(string name) => (name, "", null, 0, "");

    private static (string, string, double?, double, string) Marker(string identifier, string device = "0") =>
        ("ProfilerNoopOperation", device, 900, 0, "{'identifier': '" + identifier + "'}");

    [Fact]
    public void Columns_are_found_by_their_header_names_in_any_order()
    {
        const string header = "DEVICE KERNEL DURATION [ns],EXTRA COLUMN,OP CODE,DEVICE ID,OP TO OP LATENCY [ns],DEVICE FW DURATION [ns]";
        var p = Read(header + "\n1500,x,Matmul,0,300,2500\n700,y,Softmax,0,200,1700\n1500,z,Matmul,0,300,2500\n", "all");
        var totals = ProfileFiles.Totals(p);
        Assert.Equal(0.003, totals["Matmul"], 12);
        Assert.Equal(0.0007, totals["Softmax"], 12);
        var step = Assert.Single(p.Steps);
        Assert.Equal(6700, step.Busy);           // firmware durations
        Assert.Equal(6700 + 200 + 300, step.Span); // plus the gaps after the first op
    }

    [Fact]
    public void A_file_without_the_needed_columns_names_them()
    {
        var e = Assert.Throws<TrainCompareException>(() => Read("OP CODE,OP TYPE,DEVICE ID,HOST DURATION [ns]\nMatmul,tt_dnn_device,0,100\n"));
        Assert.Contains("DEVICE KERNEL DURATION [ns] (or DEVICE FW DURATION [ns])", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<TrainCompareException>(() => Read("OPCODE,DEVICE KERNEL DURATION [ns]\nMatmul,100\n"));
        Assert.Contains("OP CODE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attributes_keep_their_semicolons_and_their_op_type_enums_tell_variants_apart()
    {
        var p = Read(Csv(
        [
            Op("BinaryNgDeviceOperation", 100, attributes: "{'binary_op_type': 'BinaryOpType::ADD'; 'memory_config': 'MemoryConfig(memory_layout=TensorMemoryLayout::INTERLEAVED;buffer_type=BufferType::DRAM)'}"),
            Op("BinaryNgDeviceOperation", 200, attributes: "{'binary_op_type': 'BinaryOpType::MUL'; 'dtype': 'DataType::BFLOAT16'}"),
            Op("UnaryDeviceOperation", 300, attributes: "\"{'op_chain': '{BasicUnaryWithParam<float>(op_type=UnaryOpType::GELU,param={1})}'}\""),
            Op("TransposeDeviceOperation", 400, attributes: "{'dim': 'TransposeOpDim::WH'}"),
            Op("Matmul", 500, attributes: "{'program_config': 'MatmulMultiCoreReuseProgramConfig(in0_block_w=2)'; 'dtype': 'DataType::BFLOAT8_B'}"),
        ]), "all");
        Assert.Equal(["BinaryNgDeviceOperation ADD", "BinaryNgDeviceOperation MUL", "UnaryDeviceOperation GELU", "TransposeDeviceOperation WH", "Matmul"],
            p.Ops.Select(o => o.Key));
    }

    [Fact]
    public void By_default_the_ops_after_the_last_signpost_are_read_as_tt_perf_report_reads_them()
    {
        var p = Read(Csv([Op("Matmul", 100), Signpost("warmup done"), Op("Matmul", 200), Op("Softmax", 50)]));
        var totals = ProfileFiles.Totals(p);
        Assert.Equal(0.0002, totals["Matmul"], 12);
        Assert.Contains("after the last signpost 'warmup done'", p.Region, StringComparison.Ordinal);
        var all = Read(Csv([Op("Matmul", 100), Signpost("warmup done"), Op("Matmul", 200), Op("Softmax", 50)]), "all");
        Assert.Equal(0.0003, ProfileFiles.Totals(all)["Matmul"], 12);
    }

    [Fact]
    public void Signposts_without_an_op_type_are_told_by_their_empty_call_count_and_device()
    {
        var p = Read(Csv([Op("Matmul", 100), Signpost("start"), Op("Matmul", 200)], signpostType: false));
        Assert.Equal(0.0002, ProfileFiles.Totals(p)["Matmul"], 12);
    }

    [Fact]
    public void A_named_signpost_starts_a_step_at_each_occurrence()
    {
        var p = ProfileFormats.Read(ProfileFiles.Fixture("tt_integral_image_trace.csv"), new ProfileOptions { Region = "integral_image_start" });
        Assert.Equal(3, p.Steps.Count);
        Assert.All(p.Steps, s => Assert.Equal(7, s.Calls.Sum()));
        Assert.Equal(["Transpose CN", "AccumulationDeviceOperation CUMSUM", "MoveDeviceOperation", "PermuteDeviceOperation"], p.Ops.Select(o => o.Key));
    }

    [Fact]
    public void Nothing_after_the_last_signpost_is_refused_naming_the_signposts_there_are()
    {
        var e = Assert.Throws<TrainCompareException>(() => ProfileFormats.Read(ProfileFiles.Fixture("tt_integral_image_trace.csv"), ProfileOptions.Default));
        Assert.Contains("no device op after the last signpost 'integral_image_end'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'integral_image_start' ×3", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<TrainCompareException>(() => ProfileFormats.Read(ProfileFiles.Fixture("tt_integral_image_trace.csv"), new ProfileOptions { Region = "nope" }));
        Assert.Contains("--profile-region nope: no signpost or marker of that name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tt_train_markers_cut_steps_and_what_precedes_compilation_finished_is_left_out()
    {
        var rows = new List<(string, string, double?, double, string)>();
        for (int step = 0; step < 4; step++)
        {
            rows.Add(Marker("dataloader_step_done"));
            rows.Add(Marker("dataloader_step_done", "1")); // the noop runs on each device: one marker
            rows.Add(Op("Matmul", step == 0 ? 9000 : 1000 + step));
            rows.Add(Op("Softmax", 300));
            if (step == 0)
            {
                rows.Add(Marker("compilation_finished"));
            }
        }
        var p = Read(Csv(rows));
        Assert.Equal(3, p.Steps.Count);
        Assert.Equal([1001.0, 1002.0, 1003.0], p.Steps.Select(s => s.OpNs[p.Ops.ToList().FindIndex(o => o.Key == "Matmul")]));
        Assert.Contains("compilation_finished", p.Region, StringComparison.Ordinal);
        Assert.DoesNotContain(p.Ops, o => o.Name.Contains("Noop", StringComparison.Ordinal));
    }

    [Fact]
    public void Ops_that_repeat_one_sequence_are_read_as_that_many_steps()
    {
        var rows = Enumerable.Range(0, 3).SelectMany(_ => new[] { Op("Embedding", 10), Op("Matmul", 100), Op("Matmul", 100), Op("Softmax", 20) }).ToList();
        var p = Read(Csv(rows));
        Assert.Equal(3, p.Steps.Count);
        var repeated = Assert.Single(p.Findings, f => f.Code == "profile.steps-repeated");
        Assert.Equal(4, repeated.Numbers["opsPerStep"]);
        rows.Add(Op("Embedding", 10)); // no longer an exact repeat
        Assert.Single(Read(Csv(rows)).Steps);
    }

    [Fact]
    public void Several_devices_are_merged_as_tt_perf_report_merges_them_never_summed()
    {
        // the same ops on two devices: each op's slowest device; a collective's mean over devices
        var p = Read(Csv(
        [
            Op("Matmul", 100, "0"), Op("Matmul", 130, "1"),
            Op("AllGatherAsync", 200, "0"), Op("AllGatherAsync", 300, "1"),
        ]), "all");
        Assert.Equal(2, p.Devices);
        var totals = ProfileFiles.Totals(p);
        Assert.Equal(130e-6, totals["Matmul"], 12);
        Assert.Equal(250e-6, totals["AllGatherAsync"], 12);
        Assert.Equal(2, p.Steps[0].Calls.Sum()); // once per op, not per device
        Assert.Contains("slowest device", p.DeviceMerge, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_that_ran_different_ops_are_averaged_with_a_warning()
    {
        var p = Read(Csv([Op("Matmul", 100, "0"), Op("Softmax", 40, "1"), Op("Matmul", 300, "1")]), "all");
        var totals = ProfileFiles.Totals(p);
        Assert.Equal(200e-6, totals["Matmul"], 12);
        Assert.Equal(20e-6, totals["Softmax"], 12);
        Assert.Contains(p.Findings, f => f.Code == "profile.devices-differ" && f.Severity == Severity.Warning);
    }

    [Fact]
    public void Eight_devices_of_a_real_profile_count_each_op_once()
    {
        var p = ProfileFormats.Read(ProfileFiles.Fixture("tt_deepseek_v3_8xp150.csv.gz"), ProfileOptions.Default);
        Assert.Equal(8, p.Devices);
        // 26 rows per device; no exact repeat: one step of 26 ops
        Assert.Equal(26, Assert.Single(p.Steps).Calls.Sum());
        Assert.Contains(p.Ops, o => o.Key.StartsWith("ReduceScatter", StringComparison.Ordinal));
    }

    [Fact]
    public void Host_only_rows_count_as_host_time_not_as_ops()
    {
        string csv = Csv([Op("Matmul", 100)]) + "torch.nn.functional.embedding,python_fallback,1030,,{},,,100,55000,,,,,\n";
        var p = Read(csv, "all");
        Assert.Equal(55_000, p.Steps[0].Host);
        Assert.Equal(100, p.Steps[0].OpTotal);
        Assert.Contains(p.Findings, f => f.Code == "profile.host-ops");
    }

    [Fact]
    public void Quoted_fields_hold_commas_and_line_ends()
    {
        const string header = "OP CODE,ATTRIBUTES,DEVICE ID,DEVICE KERNEL DURATION [ns]";
        var p = Read(header + "\r\n\"Matmul\",\"{'a': 'x, y'\n'b': 'BinaryOpType::ADD'}\",0,100\r\nSoftmax,{},0,50\r\n", "all");
        Assert.Equal(["Matmul ADD", "Softmax"], p.Ops.Select(o => o.Key));
    }
}
