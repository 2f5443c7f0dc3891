using System.Buffers.Binary;
using Google.Protobuf;
using TrainCompare.Formats.TensorBoard;
using TrainCompare.Formats.TensorBoard.Proto;
using TrainCompare.Tests.EndToEnd;

namespace TrainCompare.Tests.Formats;

/// <summary>Event files written here through the same generated protobuf classes, in TFRecord framing.</summary>
public sealed class TensorBoardTests() : TempDirectory("traincmp-tb-")
{

    internal static byte[] Record(Event e)
    {
        byte[] data = e.ToByteArray();
        var record = new byte[12 + data.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(record, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), Crc32C.Masked(record.AsSpan(0, 8)));
        data.CopyTo(record, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12 + data.Length), Crc32C.Masked(data));
        return record;
    }

    internal static Event Scalar(long step, string tag, float value)
        => new() { Step = step, WallTime = 1_700_000_000 + step, Summary = new Summary { Value = { new Summary.Types.Value { Tag = tag, SimpleValue = value } } } };

    /// <summary>TF2's tf.summary.scalar: a rank-0 DT_FLOAT tensor with its bytes in tensor_content.</summary>
    private static Event TensorScalar(long step, string tag, float value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        var tensor = new TensorProto { Dtype = 1, TensorShape = new TensorShapeProto(), TensorContent = ByteString.CopyFrom(bytes) };
        return new Event { Step = step, Summary = new Summary { Value = { new Summary.Types.Value { Tag = tag, Tensor = tensor } } } };
    }

    private string WriteRun(string name, double time)
    {
        string dir = Path.Combine(Dir, name);
        Directory.CreateDirectory(dir);
        using var file = File.Create(Path.Combine(dir, "events.out.tfevents.1700000000.host.1.0"));
        file.Write(Record(new Event { WallTime = 1_700_000_000, FileVersion = "brain.Event:2" }));
        for (int step = 1; step <= 40; step++)
        {
            file.Write(Record(Scalar(step, "train/loss", 4.0f - step * 0.05f)));
            file.Write(Record(Scalar(step, "step_time_ms", (float)(time + step % 3))));
            if (step % 10 == 0)
            {
                file.Write(Record(TensorScalar(step, "val/loss", 3.5f - step * 0.01f)));
            }
        }
        return dir;
    }

    [Fact]
    public void Crc32c_of_the_standard_check_string()
        => Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));

    [Fact]
    public void RunDirectories_compare_with_loss_time_and_tensor_scalars()
    {
        var r = Traincmp.Run(Dir, "--baseline", WriteRun("base", 700), "--compare", WriteRun("fast", 650), "--output-dir", "out", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("base: 40 loss values, 40 step times", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("format tensorboard", r.Stderr, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal(2.0, run.GetProperty("metrics").GetProperty("loss").GetProperty("last").GetDouble(), 6);
        var val = run.GetProperty("metrics").GetProperty("val_loss");
        Assert.Equal(4, val.GetProperty("count").GetInt32());
        Assert.Equal(3.1, val.GetProperty("last").GetDouble(), 6);
        Assert.Equal("faster", doc.RootElement.GetProperty("comparisons")[0].GetProperty("speedup").GetProperty("verdict").GetString());
        Assert.True(File.Exists(Path.Combine(Dir, "out", "metric_val_loss.png")));
    }

    [Fact]
    public void A_record_with_a_bad_crc_is_an_input_error_naming_the_file_and_offset()
    {
        string dir = WriteRun("bad", 700);
        string file = Directory.GetFiles(dir).Single();
        var bytes = File.ReadAllBytes(file);
        int first = 12 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes) + 4; // the second record starts here
        bytes[first + 12 + 3] ^= 0x40; // flip a bit in its data
        File.WriteAllBytes(file, bytes);
        var r = Traincmp.Run(Dir, "--baseline", dir, "--output-dir", "out");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"traincmp: error: {file}: corrupt TensorBoard record at offset {first} (data CRC mismatch)", r.Stderr.TrimEnd('\n'));
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
    }

    [Fact]
    public void Loss_tag_picks_another_and_an_unknown_one_lists_the_tags()
    {
        string dir = WriteRun("tags", 700);
        var r = Traincmp.Run(Dir, "--baseline", dir, "--loss-tag", "val/loss", "--output-dir", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("tags: 4 loss values, 40 step times", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, Traincmp.Run(Dir, "--baseline", dir, "--format", "tensorboard", "--output-dir", "out3").ExitCode);
        string text = Path.Combine(Dir, "text.log");
        File.WriteAllText(text, "Step: 1, Loss: 3\n");
        var notTb = Traincmp.Run(Dir, "--baseline", text, "--format", "tensorboard", "--output-dir", "out4");
        Assert.Equal(2, notTb.ExitCode);
        Assert.Equal($"traincmp: error: {text}: --format tensorboard: not an events.out.tfevents.* file or a directory holding one", notTb.Stderr.TrimEnd('\n'));
        var bad = Traincmp.Run(Dir, "--baseline", dir, "--loss-tag", "nope", "--output-dir", "out2");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"traincmp: error: {dir}: --loss-tag nope: no such tag (tags: step_time_ms, train/loss, val/loss)", bad.Stderr.TrimEnd('\n'));
    }

    /// <summary>A record header with a length of <paramref name="length"/> and a right CRC, and a few bytes after it.</summary>
    private string WriteWithLength(string name, ulong length)
    {
        string dir = WriteRun(name, 700);
        string file = Directory.GetFiles(dir).Single();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Crc32C.Masked(header.AsSpan(0, 8)));
        using (var stream = new FileStream(file, FileMode.Append))
        {
            stream.Write(header);
            stream.Write(new byte[100]);
        }
        return dir;
    }

    [Theory]
    [InlineData(int.MaxValue - 3UL)] // (int)length + 4 overflowed
    [InlineData(1UL << 31)]
    [InlineData(1UL << 30)] // allocated before the file size was checked
    [InlineData(ulong.MaxValue)]
    public void A_corrupt_record_length_is_an_input_error_naming_the_file_not_a_crash(ulong length)
    {
        string dir = WriteWithLength("huge", length);
        string file = Directory.GetFiles(dir).Single();
        long offset = new FileInfo(file).Length - 112;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Traincmp.Run(Dir, "--baseline", dir, "--output-dir", "out");
        Assert.Equal(2, r.ExitCode);
        string expected = length > int.MaxValue - 4
            ? $"traincmp: error: {file}: corrupt TensorBoard record at offset {offset} (length {length})"
            : $"traincmp: error: {file}: corrupt TensorBoard record at offset {offset} (length {length}, but only 100 bytes follow in the file)";
        Assert.Equal(expected, r.Stderr.TrimEnd('\n'));
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
        // and in process: nothing near the record's length is allocated
        Assert.Throws<TrainCompareException>(() => TensorBoardReader.Read(dir, null, null, []));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20);
    }

    [Fact]
    public void A_last_record_cut_short_is_still_a_note_not_an_error()
    {
        string dir = WriteWithLength("short", 1000);
        var r = Traincmp.Run(Dir, "--baseline", dir, "--output-dir", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("the last record is cut short", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }
}
