namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// Every kind of bad input: one line on stderr naming the file and the reason, exit code 2, and no output
/// written (the output directory is not even created, and files already there are left as they were).
/// </summary>
public sealed class BadInputTests : TempDirectory
{
    private readonly string _good;

    public BadInputTests() : base("traincmp-bad-")
    {
        _good = Write("good.txt", string.Concat(Enumerable.Range(1, 30).Select(i => $"Step: {i}, Loss: {10.0 / i:F4}, Time: 700 ms\n")));
    }

    private string OutDir => Path.Combine(Dir, "out");

    /// <summary>Runs, and checks the contract every bad input shares (<see cref="Traincmp.Fails"/>); returns the error line.</summary>
    private string Fails(params string[] args) => Traincmp.Fails(Dir, OutDir, args);

    [Fact]
    public void Missing_baseline()
        => Assert.Equal($"traincmp: error: {Dir}/nope.txt: file not found", Fails("--baseline", Path.Combine(Dir, "nope.txt")));

    [Fact]
    public void Missing_compare_file_is_an_error_not_a_warning()
        => Assert.Equal($"traincmp: error: {Dir}/typo.txt: file not found",
            Fails("--baseline", _good, "--compare", Path.Combine(Dir, "typo.txt")));

    [Fact]
    public void ADirectory()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "logs"));
        Assert.Equal($"traincmp: error: {Dir}/logs: is a directory, not a log file (name the logs in it, or a quoted glob such as '{Dir}/logs/*.txt')",
            Fails("--baseline", Path.Combine(Dir, "logs")));
    }

    [Fact]
    public void A_directory_with_the_slash_tab_completion_adds_is_named_as_a_directory()
    {
        // it used to read "--labels: label 1 is empty" (the label of "logs/" is the empty name after the slash)
        Directory.CreateDirectory(Path.Combine(Dir, "logs"));
        Assert.Equal($"traincmp: error: {Dir}/logs/: is a directory, not a log file (name the logs in it, or a quoted glob such as '{Dir}/logs/*.txt')",
            Fails("--baseline", _good, "--compare", Path.Combine(Dir, "logs") + "/"));
    }

    [Fact]
    public void A_compare_file_without_compare_suggests_it()
        => Assert.Equal($"traincmp: error: Unrecognized command or argument '{Dir}/optimized.txt'; to compare it against the baseline, "
                        + $"put --compare before it: --compare {Dir}/optimized.txt (see traincmp --help)",
            Fails("--baseline", _good, Path.Combine(Dir, "optimized.txt")));

    [Theory]
    [InlineData("--min-sped", "1.02", "unknown option --min-sped; did you mean --min-speedup?")]
    [InlineData("--compre", "x.txt", "unknown option --compre; did you mean --compare?")]
    [InlineData("--max-loss-dif=0.1", null, "unknown option --max-loss-dif; did you mean --max-loss-diff?")]
    [InlineData("--xyzzy", null, "unknown option --xyzzy")]
    public void A_mistyped_option_is_an_unknown_option_with_the_nearest_name_not_a_missing_file(string option, string? value, string error)
    {
        // after --compare, which takes several files, the mistyped option used to be read as one of them
        string[] args = value is null ? ["--baseline", _good, "--compare", _good, option] : ["--baseline", _good, "--compare", _good, option, value];
        Assert.Equal($"traincmp: error: {error} (see traincmp --help)", Fails(args));
    }

    [Fact]
    public void An_empty_file()
        => Assert.Equal($"traincmp: error: {Dir}/empty.txt: file is empty", Fails("--baseline", _good, "--compare", Write("empty.txt", "")));

    [Fact]
    public void A_file_of_blank_lines()
        => Assert.Equal($"traincmp: error: {Dir}/blank.txt: file is empty (only blank lines)", Fails("--baseline", Write("blank.txt", "\n \n\r\n")));

    [Fact]
    public void A_binary_file()
    {
        string path = Path.Combine(Dir, "model.bin");
        File.WriteAllBytes(path, [0x7f, (byte)'E', (byte)'L', (byte)'F', 0, 1, 2, 3]);
        Assert.Equal($"traincmp: error: {path}: is a binary file, not a text log (NUL byte at offset 4)", Fails("--baseline", path));
    }

    [Fact]
    public void A_file_with_no_step_lines_names_the_formats_tried_and_its_first_line()
    {
        string path = Write("notes.txt", "\n\n   Epoch 1 finished, acc=0.93\nanother line\n");
        string tried = string.Join(", ", TrainCompare.Formats.LogFormats.All.Select(f => f.Name)); // every format, in detection order
        Assert.StartsWith("tt-train, nanogpt, llmc, megatron, torchtitan, ", tried, StringComparison.Ordinal);
        Assert.Equal($"traincmp: error: {path}: no recognizable step lines (formats tried: {tried}); first non-empty line: \"Epoch 1 finished, acc=0.93\"",
            Fails("--baseline", path));
    }

    [Fact]
    public void Label_count_mismatch()
        => Assert.Equal("traincmp: error: --labels: 3 labels given for 2 files (baseline first, then each compare file)",
            Fails("--baseline", _good, "--compare", _good, "--labels", "a", "b", "c"));

    [Fact]
    public void Duplicate_labels()
        => Assert.Equal("traincmp: error: --labels: the label 'a' is given twice; each run needs its own label",
            Fails("--baseline", _good, "--compare", _good, "--labels", "a", "a"));

    [Fact]
    public void Same_file_twice_without_labels()
        => Assert.Equal($"traincmp: error: {_good}: its label 'good' is already used by {_good}; give distinct names with --labels",
            Fails("--baseline", _good, "--compare", _good));

    [Theory]
    [InlineData("--warmup-steps", "-1", "--warmup-steps must not be negative (got -1)")]
    [InlineData("--max-steps", "-5", "--max-steps must not be negative (got -5)")]
    public void Negative_option_values(string option, string value, string message)
        => Assert.Equal($"traincmp: error: {message} (see traincmp --help)", Fails("--baseline", _good, option, value));

    [Theory]
    [InlineData("--warmup-steps", "ten")]
    [InlineData("--max-steps", "1.5")]
    public void Non_numeric_option_values(string option, string value)
    {
        string line = Fails("--baseline", _good, option, value);
        Assert.Contains(value, line, StringComparison.Ordinal);
        Assert.Contains(option, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_baseline_option_is_a_usage_error()
        => Assert.Contains("--baseline", Fails("--compare", _good), StringComparison.Ordinal);

    [Fact]
    public void An_unknown_option_is_a_usage_error()
        => Assert.Contains("--frobnicate", Fails("--baseline", _good, "--frobnicate"), StringComparison.Ordinal);

    [Fact]
    public void OutputDir_that_is_a_file()
    {
        string file = Write("taken", "x");
        var r = Traincmp.Run(Dir, "--baseline", _good, "--output-dir", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"traincmp: error: --output-dir {file}: is a file, not a directory", r.Stderr.TrimEnd('\n'));
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Existing_outputs_are_left_untouched_by_a_failing_run()
    {
        Directory.CreateDirectory(OutDir);
        string old = Path.Combine(OutDir, "losses.png");
        File.WriteAllText(old, "the user's earlier chart");
        var r = Traincmp.Run(Dir, "--baseline", _good, "--compare", Path.Combine(Dir, "missing.txt"), "--output-dir", OutDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("the user's earlier chart", File.ReadAllText(old));
        Assert.Single(Directory.GetFiles(OutDir));
    }

    private static string Log(int steps) => string.Concat(Enumerable.Range(1, steps).Select(i =>
        FormattableString.Invariant($"Step: {i}, Loss: {5.0 - i * 0.01:F4}, Time: {700 + i % 4} ms\n")));

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            zip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }
        return memory.ToArray();
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(2)]   // cut in the middle
    [InlineData(-8)]  // only the trailer (CRC and size) missing
    public void A_truncated_gzip_is_an_error_not_a_shorter_run(int cut)
    {
        byte[] full = Gzip(Log(2000));
        byte[] truncated = cut > 0 ? full[..(full.Length / cut)] : full[..(full.Length + cut)];
        string path = WriteBytes("cut.txt.gz", truncated);
        Assert.Equal($"traincmp: error: {path}: cannot be decompressed (truncated: the gzip data ends before its end marker)", Fails("--baseline", path));
    }

    [Fact]
    public void A_gzip_with_a_bad_crc_is_called_corrupt()
    {
        byte[] bytes = Gzip(Log(200));
        bytes[^6] ^= 0x55; // in the CRC-32 of the trailer
        string path = WriteBytes("crc.txt.gz", bytes);
        Assert.Equal($"traincmp: error: {path}: cannot be decompressed (corrupt: CRC mismatch (the data does not match the checksum stored with it))", Fails("--baseline", path));
    }

    [Theory]
    [InlineData("loss")]
    [InlineData("step_time_ms")]
    [InlineData("LR")]
    public void A_metric_option_may_not_take_a_built_in_name(string name)
    {
        string path = Write("run.txt", Log(30));
        string error = Fails("--baseline", path, "--metric", $"{name}=x ([0-9.]+)");
        Assert.StartsWith($"traincmp: error: --metric '{name}=x ([0-9.]+)': '{name}' is a built-in metric", error, StringComparison.Ordinal);
    }
}
