using System.Globalization;
using System.Text;
using TrainCompare.Formats;

namespace TrainCompare.Profiles;

/// <summary>
/// tt-metal's device profiler report, <c>ops_perf_results_*.csv</c> (tools/tracy/process_ops_logs.py writes it): one
/// row per op per device. Columns are found by their header names — the set grew from about 63 to over 130 between
/// versions and changes with the number of input and output tensors. Read: OP CODE, OP TYPE, GLOBAL CALL COUNT,
/// DEVICE ID, ATTRIBUTES (whose values are separated by ';', not ','), and the nanosecond durations DEVICE KERNEL
/// DURATION, DEVICE FW DURATION, OP TO OP LATENCY and HOST DURATION.
/// <para>
/// Signposts (Tracy messages: OP TYPE <c>signpost</c>, or no call count and no device) cut the file into regions; by
/// default the ops after the last one are read, as tt-perf-report reads a file (<see cref="ProfileOptions.Region"/>).
/// tt-train's profiler markers (<c>ProfilerNoopOperation</c> rows whose ATTRIBUTES name an <c>identifier</c>) count as
/// signposts too, and inside the region the one that recurs most (<c>dataloader_step_done</c>) cuts it into steps;
/// everything up to tt-train's <c>compilation_finished</c> marker is left out. Host-only rows (no device durations)
/// count apart, as host time.
/// </para>
/// <para>
/// Several devices: every op appears once per device. When every device ran the same ops in the same order, each
/// op's time is its slowest device's (a collective's is the mean over devices), as tt-perf-report merges devices;
/// otherwise each op's time is the mean over devices. Never the sum.
/// </para>
/// </summary>
public sealed class TtMetalCsvFormat : IProfileFormat
{
    public string Name => "tt-metal";

    public string Description => "tt-metal device profiler CSV (ops_perf_results*.csv)";

    private const string OpCode = "OP CODE", OpType = "OP TYPE", CallCount = "GLOBAL CALL COUNT", DeviceId = "DEVICE ID",
        Attributes = "ATTRIBUTES", HostDuration = "HOST DURATION [ns]", OpToOp = "OP TO OP LATENCY [ns]",
        FwDuration = "DEVICE FW DURATION [ns]", KernelDuration = "DEVICE KERNEL DURATION [ns]";

    private static readonly string[] Columns = [OpCode, OpType, CallCount, DeviceId, Attributes, HostDuration, OpToOp, FwDuration, KernelDuration];

    /// <summary>tt-perf-report averages these over devices instead of taking the slowest.</summary>
    private static readonly string[] Collectives = ["AllGather", "ReduceScatter", "AllReduce", "AllToAll"];

    /// <summary>tt-train marks the end of its first (compiling) step with this marker.</summary>
    public const string CompilationFinished = "compilation_finished";

    public double Detect(ReadOnlySpan<byte> sample)
    {
        int end = sample.IndexOf((byte)'\n');
        var header = end < 0 ? sample : sample[..end];
        if (header.StartsWith("\uFEFF"u8))
        {
            header = header[3..];
        }
        bool code = header.IndexOf("OP CODE"u8) >= 0;
        bool durations = header.IndexOf("DEVICE KERNEL DURATION"u8) >= 0 || header.IndexOf("DEVICE FW DURATION"u8) >= 0
                         || header.IndexOf("OP TO OP LATENCY"u8) >= 0;
        // either alone is still this format: reading it names the column that is missing
        return code && durations ? 1 : code || durations ? 0.6 : 0;
    }

    private enum RowKind : byte
    {
        Op,
        Host,
        Signpost,
        Marker,
    }

    public ProfileData Read(Stream stream, string path, ProfileOptions options, Action<long>? onRead)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        var csv = new CsvRowReader(stream, onRead);
        if (!csv.Next())
        {
            throw TrainCompareException.ForFile(path, "file is empty");
        }
        var col = HeaderColumns(csv.Row, path);
        int width = col.Max() + 1;
        Span<Range> fields = stackalloc Range[Math.Min(width, 512)];
        if (width > 512)
        {
            throw TrainCompareException.ForFile(path, "the columns traincmp reads lie beyond the 512th");
        }
        fields = fields[..width];

        var names = new ByteInterner();      // op codes, marker and signpost names
        var variants = new ByteInterner();   // the op-type enums of ATTRIBUTES ("ADD", "ERF")
        var keys = new Dictionary<(int Code, int Variant), int>();
        var ops = new List<(int Code, int Variant)>();
        var rows = new RowTable();
        var deviceIds = new Dictionary<long, int>();
        Span<byte> variant = stackalloc byte[256];

        while (csv.Next())
        {
            var row = csv.Row;
            CsvRowReader.Split(row, fields);
            var code = Field(row, fields, col[0]);
            if (code.IsEmpty)
            {
                continue;
            }
            var type = Field(row, fields, col[1]);
            var device = Field(row, fields, col[3]);
            double kernel = Number(row, fields, col[8]);
            double fw = Number(row, fields, col[7]);
            double host = Number(row, fields, col[5]);
            double gap = Number(row, fields, col[6]);
            // a Tracy signpost: so typed, or (older files) no type, call count, device or device duration
            bool signpost = type.SequenceEqual("signpost"u8)
                            || (type.IsEmpty && Field(row, fields, col[2]).IsEmpty && device.IsEmpty && double.IsNaN(kernel) && double.IsNaN(fw)
                                && double.IsNaN(host));
            if (signpost)
            {
                rows.Add(RowKind.Signpost, 0, names.Intern(code), 0, 0, 0, 0);
                continue;
            }
            var attributes = Field(row, fields, col[4]);
            if (code.SequenceEqual("ProfilerNoopOperation"u8))
            {
                // tt-train's marker: its identifier names it; a noop without one is instrumentation, not an op
                if (Identifier(attributes) is { IsEmpty: false } identifier)
                {
                    rows.Add(RowKind.Marker, 0, names.Intern(identifier), 0, 0, 0, 0);
                }
                continue;
            }
            bool onDevice = !double.IsNaN(kernel) || !double.IsNaN(fw);
            if (!onDevice && double.IsNaN(host))
            {
                continue;
            }
            int codeId = names.Intern(code);
            int length = Variant(attributes, variant);
            int variantId = length == 0 ? -1 : variants.Intern(variant[..length]);
            if (!keys.TryGetValue((codeId, variantId), out int op))
            {
                op = ops.Count;
                keys.Add((codeId, variantId), op);
                ops.Add((codeId, variantId));
            }
            if (!onDevice)
            {
                rows.Add(RowKind.Host, 0, op, 0, 0, 0, host);
                continue;
            }
            long deviceNumber = Utf8Number.TryParseInt64(device.Trim((byte)' '), out long d, out _) ? d : 0;
            if (!deviceIds.TryGetValue(deviceNumber, out int deviceIndex))
            {
                deviceIndex = deviceIds.Count;
                deviceIds.Add(deviceNumber, deviceIndex);
            }
            rows.Add(RowKind.Op, deviceIndex, op, double.IsNaN(kernel) ? fw : kernel, double.IsNaN(fw) ? kernel : fw,
                double.IsNaN(gap) ? 0 : gap, 0);
        }

        var opList = ops.Select(o =>
        {
            string name = names[o.Code] + (o.Variant >= 0 ? " " + variants[o.Variant] : "");
            return new ProfileOp(name, name, null);
        }).ToArray();
        var findings = new List<Finding>();
        if (col[8] < 0)
        {
            findings.Add(Finding.Info("profile.fw-duration", "the profile has no DEVICE KERNEL DURATION column: op times are the firmware durations"));
        }
        var (steps, region) = Steps(rows, names, options, path, findings);
        return Aggregate(path, rows, opList, steps, region, deviceIds.Count, findings);
    }

    /// <summary>The index of each column read (<see cref="Columns"/>' order), -1 for one the file lacks; the needed ones named when missing.</summary>
    private static int[] HeaderColumns(ReadOnlySpan<byte> header, string path)
    {
        if (header.StartsWith("\uFEFF"u8))
        {
            header = header[3..];
        }
        var names = new List<string>();
        Span<Range> one = stackalloc Range[4096];
        int count = CsvRowReader.Split(header, one);
        for (int i = 0; i < count; i++)
        {
            names.Add(Encoding.UTF8.GetString(CsvRowReader.Unquote(header[one[i]])).Trim());
        }
        int[] col = Columns.Select(c => names.FindIndex(n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase))).ToArray();
        var missing = new List<string>();
        if (col[0] < 0)
        {
            missing.Add(OpCode);
        }
        if (col[7] < 0 && col[8] < 0)
        {
            missing.Add($"{KernelDuration} (or {FwDuration})");
        }
        if (missing.Count > 0)
        {
            throw TrainCompareException.ForFile(path, $"a tt-metal profile needs the column{(missing.Count == 1 ? "" : "s")} "
                + string.Join(" and ", missing) + $", which its header lacks ({names.Count} columns, starting {string.Join(", ", names.Take(4))})");
        }
        return col;
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> row, ReadOnlySpan<Range> fields, int column)
        => column < 0 ? [] : CsvRowReader.Unquote(row[fields[column]]);

    private static double Number(ReadOnlySpan<byte> row, ReadOnlySpan<Range> fields, int column)
    {
        var text = Field(row, fields, column);
        return !text.IsEmpty && Utf8Number.TryParseDouble(text, out double v, out int used) && used == text.Length && double.IsFinite(v) ? v : double.NaN;
    }

    /// <summary>The value of <c>'identifier': 'NAME'</c> in a marker's attributes.</summary>
    private static ReadOnlySpan<byte> Identifier(ReadOnlySpan<byte> attributes)
    {
        int at = attributes.IndexOf("'identifier'"u8);
        if (at < 0)
        {
            return [];
        }
        var rest = attributes[(at + 12)..];
        int open = rest.IndexOf((byte)'\'');
        if (open < 0)
        {
            return [];
        }
        rest = rest[(open + 1)..];
        int close = rest.IndexOf((byte)'\'');
        return close < 0 ? [] : rest[..close];
    }

    /// <summary>
    /// The op-type enums in an op's attributes, which tell its variants apart (<c>BinaryOpType::ADD</c>,
    /// <c>UnaryOpType::GELU</c> in an op chain, <c>TransposeOpDim::HC</c>, <c>AccumulationOp::CUMSUM</c>): the values of
    /// enums whose type name ends in Op, OpType, OpDim or OpMath, distinct, at most three, space-separated, into
    /// <paramref name="into"/>; 0 when there are none.
    /// Configurations, shapes and memory layouts are left out: they change between runs of one op.
    /// </summary>
    internal static int Variant(ReadOnlySpan<byte> attributes, Span<byte> into)
    {
        int length = 0, found = 0, from = 0;
        while (found < 3)
        {
            int at = attributes[from..].IndexOf("::"u8);
            if (at < 0)
            {
                break;
            }
            at += from;
            from = at + 2;
            int typeStart = at;
            while (typeStart > 0 && IsWord(attributes[typeStart - 1]))
            {
                typeStart--;
            }
            var type = attributes[typeStart..at];
            if (!(type.EndsWith("Op"u8) || type.EndsWith("OpType"u8) || type.EndsWith("OpDim"u8) || type.EndsWith("OpMath"u8)))
            {
                continue;
            }
            int valueEnd = from;
            while (valueEnd < attributes.Length && IsWord(attributes[valueEnd]))
            {
                valueEnd++;
            }
            var value = attributes[from..valueEnd];
            if (value.IsEmpty || length + value.Length + 1 > into.Length || Contains(into[..length], value))
            {
                continue;
            }
            if (length > 0)
            {
                into[length++] = (byte)' ';
            }
            value.CopyTo(into[length..]);
            length += value.Length;
            found++;
        }
        return length;

        static bool IsWord(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_';

        static bool Contains(ReadOnlySpan<byte> words, ReadOnlySpan<byte> word)
        {
            foreach (var range in words.Split((byte)' '))
            {
                if (words[range].SequenceEqual(word))
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The rows read, column by column (a million rows take about 40 MB).</summary>
    private sealed class RowTable
    {
        public RowKind[] Kind = new RowKind[4096];
        public int[] Device = new int[4096];
        public int[] Id = new int[4096]; // op index, or the name of a signpost or marker
        public double[] Kernel = new double[4096];
        public double[] Fw = new double[4096];
        public double[] Gap = new double[4096];
        public double[] Host = new double[4096];
        public int Count;

        public void Add(RowKind kind, int device, int id, double kernel, double fw, double gap, double host)
        {
            if (Count == Kind.Length)
            {
                int size = Count * 2;
                Array.Resize(ref Kind, size);
                Array.Resize(ref Device, size);
                Array.Resize(ref Id, size);
                Array.Resize(ref Kernel, size);
                Array.Resize(ref Fw, size);
                Array.Resize(ref Gap, size);
                Array.Resize(ref Host, size);
            }
            Kind[Count] = kind;
            Device[Count] = device;
            Id[Count] = id;
            Kernel[Count] = kernel;
            Fw[Count] = fw;
            Gap[Count] = gap;
            Host[Count] = host;
            Count++;
        }
    }

    /// <summary>The rows each step spans, [From, To), from the region option and the markers; and the region as a phrase.</summary>
    private static (List<(int From, int To)> Steps, string Region) Steps(RowTable rows, ByteInterner names, ProfileOptions options,
        string path, List<Finding> findings)
    {
        var marks = new List<(int Row, int Name, bool Signpost)>();
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows.Kind[i] is RowKind.Signpost or RowKind.Marker)
            {
                // a marker's noop runs on every device, often twice: consecutive rows of one name are one mark
                if (marks.Count > 0 && marks[^1].Name == rows.Id[i] && !AnyOp(rows, marks[^1].Row, i))
                {
                    continue;
                }
                marks.Add((i, rows.Id[i], rows.Kind[i] == RowKind.Signpost));
            }
        }
        string region = options.Region;
        if (region != ProfileOptions.LastRegion && region != ProfileOptions.AllRegion)
        {
            var named = marks.Where(m => names[m.Name] == region).Select(m => m.Row).ToArray();
            if (named.Length == 0)
            {
                throw TrainCompareException.ForFile(path, $"--profile-region {region}: no signpost or marker of that name ({Known(marks, names)})");
            }
            var steps = named.Select((row, k) => (row + 1, k + 1 < named.Length ? named[k + 1] : rows.Count)).Where(s => AnyOp(rows, s.Item1, s.Item2)).ToList();
            return (steps, $"{Count(steps.Count, "step")}, each from the signpost '{region}' to its next");
        }

        int from = 0;
        string where = "the whole file";
        var signposts = marks.Where(m => m.Signpost).ToArray();
        if (region == ProfileOptions.LastRegion && signposts.Length > 0)
        {
            var last = signposts[^1];
            from = last.Row + 1;
            where = $"after the last signpost '{names[last.Name]}'";
            if (!AnyOp(rows, from, rows.Count))
            {
                throw TrainCompareException.ForFile(path, $"no device op after the last signpost '{names[last.Name]}', the region read by default "
                    + $"(as tt-perf-report does); choose one with --profile-region all or NAME ({Known(marks, names)})");
            }
        }
        else if (region == ProfileOptions.LastRegion)
        {
            where = "the whole file (no signposts)";
        }
        var markers = marks.Where(m => !m.Signpost && m.Row >= from).ToList();
        var compiled = markers.FindLastIndex(m => names[m.Name] == CompilationFinished);
        if (compiled >= 0)
        {
            from = markers[compiled].Row + 1;
            markers = markers.Skip(compiled + 1).ToList();
            where += ", after tt-train's compilation_finished marker";
        }
        // the marker that recurs most (iteration_1, iteration_2, ... count as one) starts each step
        var recurring = markers.GroupBy(m => Digitless(names[m.Name])).Where(g => g.Count() >= 2)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.First().Row).FirstOrDefault();
        if (recurring is null)
        {
            if (Repeats(rows, from, rows.Count) is { } repeated)
            {
                findings.Add(Finding.Info("profile.steps-repeated", $"{where}: the profile marks no steps, but its ops repeat the same "
                    + $"{repeated.Period.ToString(CultureInfo.InvariantCulture)} ops {repeated.Steps.Count.ToString(CultureInfo.InvariantCulture)} times: "
                    + "each repeat is read as a step").With(("opsPerStep", repeated.Period), ("steps", repeated.Steps.Count)));
                return (repeated.Steps, $"{where}, {Count(repeated.Steps.Count, "step")} of {Count(repeated.Period, "op")} repeated");
            }
            findings.Add(Finding.Info("profile.one-step", $"{where}: read as one step, as the profile marks no steps (a signpost or tt-train "
                                                          + "marker at the start of every step would) and its ops do not repeat"));
            return ([(from, rows.Count)], where + ", as one step");
        }
        var starts = recurring.Select(m => m.Row).ToArray();
        int before = CountOps(rows, from, starts[0]);
        if (before > 0)
        {
            findings.Add(Finding.Info("profile.before-first-step", $"{before} device op rows before the first '{names[recurring.First().Name]}' marker are left out")
                .With(("rows", before)));
        }
        var cut = starts.Select((row, k) => (row + 1, k + 1 < starts.Length ? starts[k + 1] : rows.Count)).Where(s => AnyOp(rows, s.Item1, s.Item2)).ToList();
        return (cut, $"{where}, {Count(cut.Count, "step")} from the marker '{Digitless(names[recurring.First().Name])}'");
    }

    /// <summary>
    /// When every device ran the same number of ops in [<paramref name="from"/>, <paramref name="to"/>) and the first
    /// device's ops are one sequence repeated exactly (its smallest period, by the prefix function, divides it at least
    /// twice), the row ranges of the repeats: a profile of several iterations that marks none. Each boundary is the
    /// earliest row of any device's first op of the repeat (devices' rows interleave op by op). Null otherwise.
    /// </summary>
    private static (int Period, List<(int From, int To)> Steps)? Repeats(RowTable rows, int from, int to)
    {
        var byDevice = new Dictionary<int, List<int>>();
        for (int i = from; i < to; i++)
        {
            if (rows.Kind[i] == RowKind.Op)
            {
                if (!byDevice.TryGetValue(rows.Device[i], out var list))
                {
                    byDevice[rows.Device[i]] = list = [];
                }
                list.Add(i);
            }
        }
        if (byDevice.Count == 0)
        {
            return null;
        }
        var first = byDevice.MinBy(kv => kv.Key).Value;
        int n = first.Count;
        if (n < 2 || byDevice.Values.Any(l => l.Count != n))
        {
            return null;
        }
        var prefix = new int[n];
        for (int i = 1; i < n; i++)
        {
            int k = prefix[i - 1];
            while (k > 0 && rows.Id[first[i]] != rows.Id[first[k]])
            {
                k = prefix[k - 1];
            }
            prefix[i] = rows.Id[first[i]] == rows.Id[first[k]] ? k + 1 : k;
        }
        int period = n - prefix[n - 1];
        if (n % period != 0 || n / period < 2)
        {
            return null;
        }
        var starts = Enumerable.Range(0, n / period).Select(k => k == 0 ? from : byDevice.Values.Min(l => l[k * period])).ToArray();
        return (period, starts.Select((s, k) => (s, k + 1 < starts.Length ? starts[k + 1] : to)).ToList());
    }

    /// <summary>The name with each run of digits as one '#': iteration_1, iteration_12 are one marker.</summary>
    private static string Digitless(string name)
    {
        var sb = new StringBuilder(name.Length);
        for (int i = 0; i < name.Length; i++)
        {
            if (!char.IsAsciiDigit(name[i]))
            {
                sb.Append(name[i]);
            }
            else if (i == 0 || !char.IsAsciiDigit(name[i - 1]))
            {
                sb.Append('#');
            }
        }
        return sb.ToString();
    }

    private static string Known(List<(int Row, int Name, bool Signpost)> marks, ByteInterner names) => marks.Count == 0
        ? "the profile has no signposts or markers"
        : "it has " + string.Join(", ", marks.GroupBy(m => names[m.Name]).Take(8).Select(g => g.Count() == 1 ? $"'{g.Key}'" : $"'{g.Key}' ×{g.Count()}"))
          + (marks.Select(m => m.Name).Distinct().Count() > 8 ? ", …" : "");

    private static bool AnyOp(RowTable rows, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (rows.Kind[i] == RowKind.Op)
            {
                return true;
            }
        }
        return false;
    }

    private static int CountOps(RowTable rows, int from, int to)
    {
        int n = 0;
        for (int i = from; i < to; i++)
        {
            n += rows.Kind[i] == RowKind.Op ? 1 : 0;
        }
        return n;
    }

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    /// <summary>Per step: each op's time and calls with the devices merged, busy time, gaps and host time.</summary>
    private static ProfileData Aggregate(string path, RowTable rows, ProfileOp[] ops, List<(int From, int To)> ranges, string region,
        int deviceCount, List<Finding> findings)
    {
        bool[] collective = ops.Select(o => Collectives.Any(c => o.Key.Contains(c, StringComparison.Ordinal))).ToArray();
        int devices = Math.Max(1, deviceCount);
        var steps = new List<ProfileStep>(ranges.Count);
        bool differ = false;
        int hostRows = 0;
        int[] sequence = [];
        int representative = ranges.Count / 2;
        var perDevice = new List<int>[devices];
        for (int d = 0; d < devices; d++)
        {
            perDevice[d] = [];
        }
        for (int s = 0; s < ranges.Count; s++)
        {
            var (from, to) = ranges[s];
            foreach (var list in perDevice)
            {
                list.Clear();
            }
            double host = 0;
            for (int i = from; i < to; i++)
            {
                if (rows.Kind[i] == RowKind.Op)
                {
                    perDevice[rows.Device[i]].Add(i);
                }
                else if (rows.Kind[i] == RowKind.Host)
                {
                    host += rows.Host[i];
                    hostRows++;
                }
            }
            var present = perDevice.Where(l => l.Count > 0).ToArray();
            var opNs = new double[ops.Length];
            var calls = new double[ops.Length];
            double busy = 0, gaps = 0;
            bool first = s == 0; // the first op of the region waited for something before it: no gap counted
            bool same = present.Length > 0 && present.All(l => l.Count == present[0].Count
                && l.Select(i => rows.Id[i]).SequenceEqual(present[0].Select(i => rows.Id[i])));
            if (same)
            {
                for (int k = 0; k < present[0].Count; k++)
                {
                    int op = rows.Id[present[0][k]];
                    int chosen = present[0][k];
                    double kernel;
                    if (collective[op])
                    {
                        kernel = present.Average(l => rows.Kernel[l[k]]);
                    }
                    else
                    {
                        foreach (var l in present)
                        {
                            chosen = rows.Kernel[l[k]] > rows.Kernel[chosen] ? l[k] : chosen;
                        }
                        kernel = rows.Kernel[chosen];
                    }
                    opNs[op] += kernel;
                    calls[op]++;
                    busy += collective[op] ? present.Average(l => rows.Fw[l[k]]) : rows.Fw[chosen];
                    if (!(first && k == 0))
                    {
                        gaps += collective[op] ? present.Average(l => rows.Gap[l[k]]) : rows.Gap[chosen];
                    }
                }
            }
            else if (present.Length > 0)
            {
                differ = true;
                foreach (var l in present)
                {
                    for (int k = 0; k < l.Count; k++)
                    {
                        int i = l[k];
                        opNs[rows.Id[i]] += rows.Kernel[i] / present.Length;
                        calls[rows.Id[i]] += 1.0 / present.Length;
                        busy += rows.Fw[i] / present.Length;
                        gaps += first && k == 0 ? 0 : rows.Gap[i] / present.Length;
                    }
                }
            }
            if (s == representative && present.Length > 0)
            {
                sequence = present[0].Select(i => rows.Id[i]).ToArray();
            }
            steps.Add(new ProfileStep(null, opNs, calls) { Busy = busy, Span = busy + gaps, Host = host });
        }
        if (differ)
        {
            findings.Add(Finding.Warning("profile.devices-differ", $"the {devices} devices did not all run the same ops in the same order: "
                                                                   + "each op's time is its mean over the devices"));
        }
        if (hostRows > 0)
        {
            findings.Add(Finding.Info("profile.host-ops", $"{hostRows} host-only op rows (no device duration) are counted apart, as host time")
                .With(("rows", hostRows)));
        }
        return new ProfileData
        {
            File = path,
            Format = "tt-metal",
            Ops = ops,
            Steps = steps,
            Devices = devices,
            DeviceMerge = devices == 1 ? null
                : differ ? "each op's mean over the devices"
                : "each op's slowest device, a collective's mean over devices, as tt-perf-report merges them",
            Gaps = GapKind.OpToOp,
            Region = region,
            Sequence = sequence,
            Findings = findings,
        };
    }
}
