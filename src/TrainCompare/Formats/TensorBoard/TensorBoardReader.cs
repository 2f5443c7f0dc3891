using System.Buffers.Binary;
using TrainCompare.Formats.TensorBoard.Proto;

namespace TrainCompare.Formats.TensorBoard;

/// <summary>
/// TensorBoard event files (events.out.tfevents.*), or a run directory holding them: TFRecord framing with
/// both CRCs verified (masked CRC-32C of the length and of the data), each record an Event; every scalar is
/// kept by its tag, stored either as simple_value (PyTorch's SummaryWriter) or as a scalar tensor (TF2's
/// tf.summary.scalar). The loss and step-time tags become the loss and step time.
/// </summary>
public sealed class TensorBoardReader : IFileFormat
{
    public string Name => "tensorboard";

    public string Accepts => "an events.out.tfevents.* file or a directory holding one";

    public const string LossTagOption = "--loss-tag";

    public const string TimeTagOption = "--time-tag";

    public IReadOnlyList<FormatOption> Options { get; } =
    [
        new(LossTagOption, "TAG", "TensorBoard: the scalar tag read as the loss [default: the first of " + string.Join(", ", DefaultLossTags) + "]"),
        new(TimeTagOption, "TAG", "TensorBoard: the scalar tag read as the step time, in ms unless its name says seconds [default: the first of "
                                  + string.Join(", ", DefaultTimeTags) + "]"),
    ];

    bool IFileFormat.Reads(string path) => Handles(path);

    public ParsedLog Read(string path, FormatOptions options, List<Finding> notes)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Read(path, options[LossTagOption], options[TimeTagOption], notes);
    }

    public const string FilePrefix = "events.out.tfevents";

    /// <summary>Tags read as the loss when --loss-tag is not given, in order of preference.</summary>
    public static readonly string[] DefaultLossTags = ["loss", "train/loss", "Loss/train", "train_loss", "loss/train", "training/loss"];

    /// <summary>Tags read as the step time when --time-tag is not given (milliseconds unless the name says seconds).</summary>
    public static readonly string[] DefaultTimeTags = ["step_time_ms", "train/step_time_ms", "time/step_ms", "step_time", "train/step_time", "time/step", "dt"];

    /// <summary>The one instance (declared after the tag lists its options name).</summary>
    public static TensorBoardReader Instance { get; } = new();

    /// <summary>True when <paramref name="path"/> is an event file or a directory with event files.</summary>
    public static bool Handles(string path)
        => Path.GetFileName(path).StartsWith(FilePrefix, StringComparison.Ordinal)
           || (Directory.Exists(path) && Directory.EnumerateFiles(path, FilePrefix + "*").Any());

    /// <summary>Reads every event file; <paramref name="lossTag"/> and <paramref name="timeTag"/> (null for the defaults) choose the tags.</summary>
    public static ParsedLog Read(string path, string? lossTag, string? timeTag, List<Finding> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, FilePrefix + "*").Order(StringComparer.Ordinal).ToArray()
            : [path];
        var scalars = new Dictionary<string, List<(long Step, double Value)>>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            ReadFile(file, scalars, notes);
        }
        if (scalars.Count == 0)
        {
            throw TrainCompareException.ForFile(path, "no scalar summaries in its TensorBoard event files");
        }
        string? loss = lossTag ?? DefaultLossTags.FirstOrDefault(scalars.ContainsKey);
        string? time = timeTag ?? DefaultTimeTags.FirstOrDefault(scalars.ContainsKey);
        if (lossTag is not null && !scalars.ContainsKey(lossTag))
        {
            throw TrainCompareException.ForFile(path, $"--loss-tag {lossTag}: no such tag (tags: {string.Join(", ", scalars.Keys.Order(StringComparer.Ordinal))})");
        }
        if (timeTag is not null && !scalars.ContainsKey(timeTag))
        {
            throw TrainCompareException.ForFile(path, $"--time-tag {timeTag}: no such tag (tags: {string.Join(", ", scalars.Keys.Order(StringComparer.Ordinal))})");
        }
        if (loss is null)
        {
            notes.Add(Finding.Warning("read.no-loss", $"no loss tag found (tried {string.Join(", ", DefaultLossTags)}; --loss-tag picks one of: {string.Join(", ", scalars.Keys.Order(StringComparer.Ordinal))})"));
        }
        var parsed = new ParsedLog(scalars.Values.Max(v => v.Count) + 16);
        foreach (var (tag, points) in scalars)
        {
            string metric = tag == loss ? Metrics.Loss : tag == time ? Metrics.StepTimeMs : FieldNames.Metric(tag) is { } known && known != Metrics.Loss ? known : tag;
            double scale = tag == time && FieldNames.TimeField(tag.Split('/')[^1]) == TimeUnit.Seconds ? 1000 : 1;
            var column = parsed.Column(metric);
            foreach (var (step, value) in points)
            {
                column.Add(step, value * scale, 0);
            }
        }
        return parsed;
    }

    /// <summary>
    /// A record running past the end of the file is taken as the last one, still being written, when it is no
    /// longer than this; a longer one is a corrupt length (scalar events are tens of bytes, images a few MB).
    /// </summary>
    public const ulong MaxCutShortRecordBytes = 64 << 20;

    private static void ReadFile(string file, Dictionary<string, List<(long, double)>> scalars, List<Finding> notes)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        Span<byte> header = stackalloc byte[12];
        long offset = 0;
        while (true)
        {
            int n = stream.ReadAtLeast(header, 12, throwOnEndOfStream: false);
            if (n == 0)
            {
                return;
            }
            if (n < 12)
            {
                notes.Add(Finding.Warning("read.truncated-record", $"{file}: the last record is cut short at offset {offset} (still being written?); ignored"));
                return;
            }
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            if (Crc32C.Masked(header[..8]) != lengthCrc)
            {
                throw TrainCompareException.ForFile(file, $"corrupt TensorBoard record at offset {offset} (length CRC mismatch)");
            }
            // the length is checked against what the file holds before anything is allocated: a corrupt length
            // (its CRC can be right) must not cost gigabytes, nor overflow the record's size
            long remaining = stream.Length - stream.Position;
            if (length > int.MaxValue - 4)
            {
                throw TrainCompareException.ForFile(file, $"corrupt TensorBoard record at offset {offset} (length {length})");
            }
            if ((long)length + 4 > remaining)
            {
                if (length > MaxCutShortRecordBytes)
                {
                    throw TrainCompareException.ForFile(file, $"corrupt TensorBoard record at offset {offset} "
                                                              + $"(length {length}, but only {remaining} bytes follow in the file)");
                }
                notes.Add(Finding.Warning("read.truncated-record", $"{file}: the last record is cut short at offset {offset} (still being written?); ignored"));
                return;
            }
            var data = new byte[(int)length + 4];
            int got = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (got < data.Length)
            {
                notes.Add(Finding.Warning("read.truncated-record", $"{file}: the last record is cut short at offset {offset} (still being written?); ignored"));
                return;
            }
            var payload = data.AsSpan(0, (int)length);
            if (Crc32C.Masked(payload) != BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)length)))
            {
                throw TrainCompareException.ForFile(file, $"corrupt TensorBoard record at offset {offset} (data CRC mismatch)");
            }
            Event e;
            try
            {
                e = Event.Parser.ParseFrom(payload);
            }
            catch (Google.Protobuf.InvalidProtocolBufferException ex)
            {
                throw TrainCompareException.ForFile(file, $"corrupt TensorBoard record at offset {offset} ({ex.Message})");
            }
            if (e.Summary is { } summary)
            {
                foreach (var v in summary.Value)
                {
                    if (Scalar(v) is { } value)
                    {
                        if (!scalars.TryGetValue(v.Tag, out var list))
                        {
                            scalars[v.Tag] = list = [];
                        }
                        list.Add((e.Step, value));
                    }
                }
            }
            offset += 12 + data.Length;
        }
    }

    /// <summary>The scalar a summary value holds, or null (images, histograms, non-scalar tensors).</summary>
    private static double? Scalar(Summary.Types.Value v)
    {
        if (v.ValueCase == Summary.Types.Value.ValueOneofCase.SimpleValue)
        {
            return v.SimpleValue;
        }
        if (v.ValueCase != Summary.Types.Value.ValueOneofCase.Tensor || v.Tensor.TensorShape is { Dim.Count: > 0 })
        {
            return null;
        }
        var t = v.Tensor;
        if (t.FloatVal.Count > 0)
        {
            return t.FloatVal[0];
        }
        if (t.DoubleVal.Count > 0)
        {
            return t.DoubleVal[0];
        }
        var content = t.TensorContent.Span;
        return t.Dtype switch
        {
            1 when content.Length == 4 => BinaryPrimitives.ReadSingleLittleEndian(content), // DT_FLOAT
            2 when content.Length == 8 => BinaryPrimitives.ReadDoubleLittleEndian(content), // DT_DOUBLE
            _ => null,
        };
    }
}

/// <summary>CRC-32C (Castagnoli), masked as TFRecord stores it.</summary>
public static class Crc32C
{
    private static readonly uint[] Table = Build();

    private static uint[] Build()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0x82F63B78u ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        return table;
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc ^ 0xFFFFFFFFu;
    }

    public static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Compute(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
