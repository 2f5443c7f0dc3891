using System.Buffers.Text;
using System.Text.Json;

namespace TrainCompare.Profiles;

/// <summary>
/// Streams a Chrome trace (the JSON object format with "traceEvents", or the bare array format) with
/// <see cref="Utf8JsonReader"/> over one buffer, keeping only what the profile needs from each event: GPU activities
/// (kernels, copies, sets), CPU ops, launch points (runtime calls and ac2g flow starts, by correlation id) and
/// ProfilerStep spans, in columns. Each event is parsed whole or not at all: when the buffer ends inside one, the
/// reader rewinds to its start, reads more, and parses it again, so no partial event is ever kept. A trace cut short
/// keeps every complete event before the cut (<see cref="TruncatedAt"/>).
/// </summary>
internal sealed class KinetoReader
{
    private readonly Stream _stream;
    private readonly Action<long>? _onRead;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private long _offset; // of _buffer[0] in the stream

    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
    private long _mark;
    private JsonReaderState _markState;
    private Phase _phase = Phase.Start;
    private bool _topObject;

    private enum Phase
    {
        Start,
        TopObject,
        Events,
        Done,
    }

    internal enum Category : byte
    {
        Other,
        Kernel,
        Memcpy,
        Memset,
        CpuOp,
        Runtime,
        Annotation,
        GpuAnnotation,
        Flow,
    }

    public KinetoReader(Stream stream, Action<long>? onRead)
    {
        _stream = stream;
        _onRead = onRead;
    }

    public ByteInterner Names { get; } = new();

    /// <summary>GPU activities: name, start and duration (ns), device, correlation id (-1 when none), kind.</summary>
    public Columns Gpu { get; } = new();

    /// <summary>CPU ops: name, start and duration (ns), thread (see <see cref="Threads"/>).</summary>
    public Columns Cpu { get; } = new();

    /// <summary>Where each correlation id was launched: a runtime call's (or a flow start's) time and thread.</summary>
    public Dictionary<long, (long Ts, int Thread)> Launches { get; } = [];

    /// <summary>ProfilerStep#N spans: N, start and duration (ns).</summary>
    public List<(long Number, long Ts, long Dur)> Steps { get; } = [];

    /// <summary>(pid, tid) of each thread, by index.</summary>
    public Dictionary<(long Pid, long Tid), int> Threads { get; } = [];

    public int? Rank { get; private set; }

    public string? Hardware { get; private set; }

    public long Events { get; private set; }

    /// <summary>Where the trace was cut short: the offset of the event it ends in; null when it ends whole.</summary>
    public long? TruncatedAt { get; private set; }

    /// <summary>The trace ended without closing its events array (the array format may; the object format may not).</summary>
    public bool Unclosed { get; private set; }

    public bool SawEvents { get; private set; }

    /// <summary>A column store that grows: one entry per event kept.</summary>
    internal sealed class Columns
    {
        public int[] Name = new int[1024];
        public long[] Ts = new long[1024];
        public long[] Dur = new long[1024];
        public long[] A = new long[1024]; // GPU: device; CPU: thread
        public long[] B = new long[1024]; // GPU: correlation
        public Category[] Kind = new Category[1024];
        public int Count;

        public void Add(int name, long ts, long dur, long a, long b, Category kind)
        {
            if (Count == Name.Length)
            {
                int size = Count * 2;
                Array.Resize(ref Name, size);
                Array.Resize(ref Ts, size);
                Array.Resize(ref Dur, size);
                Array.Resize(ref A, size);
                Array.Resize(ref B, size);
                Array.Resize(ref Kind, size);
            }
            Name[Count] = name;
            Ts[Count] = ts;
            Dur[Count] = dur;
            A[Count] = a;
            B[Count] = b;
            Kind[Count] = kind;
            Count++;
        }
    }

    /// <summary>Reads the whole stream; a syntax error is a <see cref="TrainCompareException"/> naming the offset.</summary>
    public void Read(string path)
    {
        Fill();
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), isFinalBlock: false, _state);
            bool done;
            try
            {
                done = Run(ref reader);
            }
            catch (JsonException e)
            {
                long at = _offset + _start + _mark;
                throw TrainCompareException.ForFile(path, $"not a valid trace: broken JSON in the event starting at byte {at} ({First(e.Message)})");
            }
            if (done)
            {
                return;
            }
            // the buffer ends inside a unit: keep it, read more, parse it again from its start
            _start += (int)_mark;
            _state = _markState;
            if (_eof)
            {
                if (_phase == Phase.Events && !_topObject && OnlySpace(_buffer.AsSpan(_start, _end - _start)))
                {
                    Unclosed = true; // the array format may leave its ']' out
                }
                else
                {
                    TruncatedAt = _offset + _start;
                }
                return;
            }
            Fill();
        }
    }

    private static string First(string message) => message.Split('.', 2)[0];

    private static bool OnlySpace(ReadOnlySpan<byte> rest) => rest.Trim(" \t\r\n,"u8).IsEmpty;

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _offset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= 1 << 30)
            {
                throw new InvalidDataException("an event larger than 1 GiB");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        while (_end < _buffer.Length)
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
                break;
            }
            _end += n;
            _onRead?.Invoke(n);
            if (_end - _start >= 1 << 16)
            {
                break;
            }
        }
    }

    /// <summary>Parses units (the top, a top-level property, an event) until the data ends inside one (false) or the trace ends (true).</summary>
    private bool Run(ref Utf8JsonReader r)
    {
        while (true)
        {
            _mark = r.BytesConsumed;
            _markState = r.CurrentState;
            switch (_phase)
            {
                case Phase.Start:
                    if (!r.Read())
                    {
                        return false;
                    }
                    if (r.TokenType == JsonTokenType.StartObject)
                    {
                        _phase = Phase.TopObject;
                        _topObject = true;
                    }
                    else if (r.TokenType == JsonTokenType.StartArray)
                    {
                        _phase = Phase.Events;
                        SawEvents = true;
                    }
                    else
                    {
                        throw new JsonException("a trace is a JSON object or array.");
                    }
                    break;
                case Phase.TopObject:
                    if (!r.Read())
                    {
                        return false;
                    }
                    if (r.TokenType == JsonTokenType.EndObject)
                    {
                        _phase = Phase.Done;
                        return true;
                    }
                    if (r.ValueTextEquals("traceEvents"u8))
                    {
                        if (!r.Read())
                        {
                            return false;
                        }
                        if (r.TokenType != JsonTokenType.StartArray)
                        {
                            throw new JsonException("traceEvents is not an array.");
                        }
                        _phase = Phase.Events;
                        SawEvents = true;
                    }
                    else if (r.ValueTextEquals("distributedInfo"u8))
                    {
                        if (!DistributedInfo(ref r))
                        {
                            return false;
                        }
                    }
                    else if (r.ValueTextEquals("deviceProperties"u8))
                    {
                        if (!DeviceProperties(ref r))
                        {
                            return false;
                        }
                    }
                    else if (!r.Read() || !r.TrySkip())
                    {
                        return false;
                    }
                    break;
                case Phase.Events:
                    if (!r.Read())
                    {
                        return false;
                    }
                    if (r.TokenType == JsonTokenType.EndArray)
                    {
                        _phase = _topObject ? Phase.TopObject : Phase.Done;
                        if (!_topObject)
                        {
                            return true;
                        }
                        break;
                    }
                    if (r.TokenType != JsonTokenType.StartObject)
                    {
                        if (!r.TrySkip())
                        {
                            return false;
                        }
                        break;
                    }
                    if (!Event(ref r))
                    {
                        return false;
                    }
                    break;
                default:
                    return true;
            }
        }
    }

    private bool DistributedInfo(ref Utf8JsonReader r)
    {
        if (!r.Read())
        {
            return false;
        }
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return r.TrySkip();
        }
        int? rank = null;
        while (true)
        {
            if (!r.Read())
            {
                return false;
            }
            if (r.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            bool isRank = r.ValueTextEquals("rank"u8);
            if (!r.Read())
            {
                return false;
            }
            if (isRank && r.TokenType == JsonTokenType.Number && r.TryGetInt32(out int value))
            {
                rank = value;
            }
            else if (!r.TrySkip())
            {
                return false;
            }
        }
        Rank = rank;
        return true;
    }

    private bool DeviceProperties(ref Utf8JsonReader r)
    {
        if (!r.Read())
        {
            return false;
        }
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return r.TrySkip();
        }
        string? name = null;
        int depth = r.CurrentDepth;
        while (true)
        {
            if (!r.Read())
            {
                return false;
            }
            if (r.TokenType == JsonTokenType.EndArray && r.CurrentDepth == depth)
            {
                break;
            }
            if (r.TokenType == JsonTokenType.PropertyName && r.CurrentDepth == depth + 2 && r.ValueTextEquals("name"u8))
            {
                if (!r.Read())
                {
                    return false;
                }
                if (r.TokenType == JsonTokenType.String && name is null)
                {
                    name = r.GetString();
                }
            }
        }
        Hardware = name;
        return true;
    }

    /// <summary>One event, from its '{': kept only when whole (false: the data ends inside it, nothing kept).</summary>
    private bool Event(ref Utf8JsonReader r)
    {
        byte ph = 0;
        var cat = Category.Other;
        ReadOnlySpan<byte> name = default;
        string? escapedName = null;
        long ts = long.MinValue, dur = 0, pid = 0, tid = 0, id = -1, correlation = -1, device = -1;
        while (true)
        {
            if (!r.Read())
            {
                return false;
            }
            if (r.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            var property = r.ValueSpan;
            if (!r.Read())
            {
                return false;
            }
            switch (property.Length)
            {
                case 2 when property.SequenceEqual("ph"u8):
                    ph = r.TokenType == JsonTokenType.String && r.ValueSpan.Length > 0 ? r.ValueSpan[0] : (byte)0;
                    break;
                case 2 when property.SequenceEqual("ts"u8):
                    ts = Micros(r.ValueSpan);
                    break;
                case 2 when property.SequenceEqual("id"u8):
                    id = Identity(ref r);
                    break;
                case 3 when property.SequenceEqual("cat"u8):
                    cat = CategoryOf(r.ValueSpan);
                    break;
                case 3 when property.SequenceEqual("dur"u8):
                    dur = Micros(r.ValueSpan);
                    break;
                case 3 when property.SequenceEqual("pid"u8):
                    pid = Identity(ref r);
                    break;
                case 3 when property.SequenceEqual("tid"u8):
                    tid = Identity(ref r);
                    break;
                case 4 when property.SequenceEqual("name"u8):
                    if (r.TokenType == JsonTokenType.String)
                    {
                        if (r.ValueIsEscaped)
                        {
                            escapedName = r.GetString();
                        }
                        else
                        {
                            name = r.ValueSpan;
                        }
                    }
                    break;
                case 4 when property.SequenceEqual("args"u8):
                    if (r.TokenType != JsonTokenType.StartObject)
                    {
                        if (!r.TrySkip())
                        {
                            return false;
                        }
                        break;
                    }
                    while (true)
                    {
                        if (!r.Read())
                        {
                            return false;
                        }
                        if (r.TokenType == JsonTokenType.EndObject)
                        {
                            break;
                        }
                        var arg = r.ValueSpan;
                        if (!r.Read())
                        {
                            return false;
                        }
                        if (arg.SequenceEqual("correlation"u8) && r.TokenType == JsonTokenType.Number)
                        {
                            correlation = r.TryGetInt64(out long c) ? c : -1;
                        }
                        else if (arg.SequenceEqual("device"u8) && r.TokenType == JsonTokenType.Number)
                        {
                            device = r.TryGetInt64(out long d) ? d : -1;
                        }
                        else if (!r.TrySkip())
                        {
                            return false;
                        }
                    }
                    break;
                default:
                    if (!r.TrySkip())
                    {
                        return false;
                    }
                    break;
            }
        }
        Events++;
        Keep(ph, cat, name, escapedName, ts, dur, pid, tid, id, correlation, device);
        return true;
    }

    private void Keep(byte ph, Category cat, ReadOnlySpan<byte> name, string? escapedName, long ts, long dur, long pid, long tid, long id,
        long correlation, long device)
    {
        if (ts == long.MinValue)
        {
            return;
        }
        if (ph == (byte)'s' && cat == Category.Flow)
        {
            Launches.TryAdd(id, (ts, Thread(pid, tid)));
            return;
        }
        if (ph != (byte)'X')
        {
            return;
        }
        switch (cat)
        {
            case Category.Kernel or Category.Memcpy or Category.Memset:
                Gpu.Add(NameId(name, escapedName), ts, Math.Max(0, dur), device >= 0 ? device : pid, correlation, cat);
                return;
            case Category.Runtime:
                if (correlation >= 0)
                {
                    Launches[correlation] = (ts, Thread(pid, tid));
                }
                return;
            case Category.GpuAnnotation:
                return;
        }
        bool step = escapedName is null ? name.StartsWith("ProfilerStep#"u8) : escapedName.StartsWith("ProfilerStep#", StringComparison.Ordinal);
        if (step)
        {
            var digits = escapedName is null ? name[13..] : System.Text.Encoding.UTF8.GetBytes(escapedName[13..]);
            if (Utf8Parser.TryParse(digits, out long number, out _))
            {
                Steps.Add((number, ts, Math.Max(0, dur)));
            }
            return;
        }
        if (cat == Category.CpuOp)
        {
            Cpu.Add(NameId(name, escapedName), ts, Math.Max(0, dur), Thread(pid, tid), 0, cat);
        }
    }

    private int NameId(ReadOnlySpan<byte> name, string? escaped) => escaped is null ? Names.Intern(name) : Names.Intern(escaped);

    private int Thread(long pid, long tid)
    {
        if (!Threads.TryGetValue((pid, tid), out int index))
        {
            index = Threads.Count;
            Threads.Add((pid, tid), index);
        }
        return index;
    }

    /// <summary>A pid, tid or id: a number, or a string (interned; its id made negative so it never equals a number).</summary>
    private long Identity(ref Utf8JsonReader r)
    {
        if (r.TokenType == JsonTokenType.Number)
        {
            return r.TryGetInt64(out long v) ? v : (long)r.GetDouble();
        }
        if (r.TokenType == JsonTokenType.String)
        {
            var text = r.ValueSpan;
            if (!r.ValueIsEscaped && Utf8Parser.TryParse(text, out long v, out int used) && used == text.Length)
            {
                return v; // "id": "12" is the flow 12
            }
            return -2 - (r.ValueIsEscaped ? Names.Intern(r.GetString()!) : Names.Intern(text));
        }
        return -1;
    }

    internal static Category CategoryOf(ReadOnlySpan<byte> cat)
    {
        switch (cat.Length)
        {
            case 6 when cat.SequenceEqual("kernel"u8) || cat.SequenceEqual("Kernel"u8):
                return Category.Kernel;
            case 6 when cat.SequenceEqual("cpu_op"u8) || cat.SequenceEqual("Memcpy"u8) || cat.SequenceEqual("Memset"u8):
                return cat[0] == (byte)'c' ? Category.CpuOp : cat[4] == (byte)'c' ? Category.Memcpy : Category.Memset;
            case 4 when cat.SequenceEqual("ac2g"u8):
                return Category.Flow;
            case 8 when cat.SequenceEqual("Operator"u8):
                return Category.CpuOp;
            case 10 when cat.SequenceEqual("gpu_memcpy"u8):
                return Category.Memcpy;
            case 10 when cat.SequenceEqual("gpu_memset"u8):
                return Category.Memset;
            case 15 when cat.SequenceEqual("user_annotation"u8):
                return Category.Annotation;
            case 16 when cat.SequenceEqual("async_cpu_to_gpu"u8):
                return Category.Flow;
            case 19 when cat.SequenceEqual("gpu_user_annotation"u8):
                return Category.GpuAnnotation;
        }
        return cat.SequenceEqual("Runtime"u8) || cat.SequenceEqual("Driver"u8) || cat.EndsWith("_runtime"u8) || cat.EndsWith("_driver"u8)
            ? Category.Runtime
            : Category.Other;
    }

    /// <summary>
    /// Microseconds as the trace writes them (<c>1661203463029566</c>, <c>4203669603771.648</c>) to whole nanoseconds,
    /// exactly: the digits are read as such, not through a double, which would lose the nanoseconds of a 16-digit time.
    /// </summary>
    internal static long Micros(ReadOnlySpan<byte> text)
    {
        int i = 0;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        if (negative)
        {
            i++;
        }
        long whole = 0;
        int start = i;
        while (i < text.Length && (uint)(text[i] - '0') <= 9 && i - start < 18)
        {
            whole = whole * 10 + (text[i] - '0');
            i++;
        }
        long fraction = 0;
        int digits = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            while (i < text.Length && (uint)(text[i] - '0') <= 9)
            {
                if (digits < 3)
                {
                    fraction = fraction * 10 + (text[i] - '0');
                    digits++;
                }
                i++;
            }
        }
        if (i < text.Length || i == start)
        {
            // an exponent, or more digits than a long holds: through a double
            return Utf8Parser.TryParse(text, out double v, out _) && double.IsFinite(v) ? (long)Math.Round(v * 1000) : 0;
        }
        for (; digits < 3; digits++)
        {
            fraction *= 10;
        }
        long ns = whole * 1000 + fraction;
        return negative ? -ns : ns;
    }
}
