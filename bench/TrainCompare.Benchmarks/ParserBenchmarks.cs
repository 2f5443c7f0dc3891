using BenchmarkDotNet.Attributes;
using TrainCompare.Formats;
using TrainCompare.Reading;

namespace TrainCompare.Benchmarks;

/// <summary>
/// Parsing speed of each format on a 1,000,000-step log held in memory (so the disk is out of it, as a
/// page-cached file would be): the scanner plus the format's parser on one core, nothing else.
/// The MB/s column is the log's size over the mean time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ParserBenchmarks
{
    private byte[] _log = [];

    [Params("tt-train old", "tt-train new")]
    public string Format { get; set; } = "";

    public long Bytes => _log.Length;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"traincmp-bench-{Format.Replace(' ', '-')}.txt");
        LogGenerator.Write(_path, 1_000_000, oldForm: Format.EndsWith("old", StringComparison.Ordinal), seed: 1);
        _log = File.ReadAllBytes(_path); // also brings the file into the page cache
        ThroughputConfig.BytesByFormat[Format] = _log.Length;
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    private string _path = "";

    /// <summary>The scanner alone (lines with an anchor found and handed to a sink that does nothing).</summary>
    [Benchmark]
    public long ScanOnly()
    {
        var sink = new CountingSink();
        using var scanner = new LogScanner(sink, TtTrainFormat.Instance.Anchors);
        scanner.Feed(_log, final: true);
        return sink.Lines;
    }

    /// <summary>Scanner and parser over the log in memory: the series of every metric, ready for the Runs stage.</summary>
    [Benchmark(Baseline = true)]
    public int Parse()
    {
        var parsed = new ParsedLog(1_000_100);
        var parser = TtTrainFormat.Instance.CreateParser(parsed);
        using var scanner = new LogScanner(parser, TtTrainFormat.Instance.Anchors);
        scanner.Feed(_log, final: true);
        return parsed.MaxCount;
    }

    /// <summary>
    /// The same from the file in the page cache, as the tool reads a plain log: a read() per megabyte into the
    /// scanner's buffer (no memory map: docs/benchmarks.md, "Reading from the page cache"); detection not included.
    /// </summary>
    [Benchmark]
    public int ParseStream()
    {
        var parsed = new ParsedLog(1_000_100);
        var parser = TtTrainFormat.Instance.CreateParser(parsed);
        using var scanner = new LogScanner(parser, TtTrainFormat.Instance.Anchors);
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
        scanner.Feed(file, final: true);
        return parsed.MaxCount;
    }

    private sealed class CountingSink : ILineSink
    {
        public long Lines { get; private set; }

        public void OnLine(ReadOnlySpan<byte> line, int anchorAt, LineRef where) => Lines++;
    }
}
