using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace TrainCompare.Benchmarks;

/// <summary>Adds an MB/s column: the benchmark's input size over its mean time.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    /// <summary>Input bytes by the Format parameter; the log generator is deterministic, so sizes are too.</summary>
    public static readonly ConcurrentDictionary<string, long> BytesByFormat = new();

    public ThroughputConfig() => AddColumn(new ThroughputColumn());

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "MBps";
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Input megabytes (10^6 bytes) parsed per second";
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            string format = benchmarkCase.Parameters["Format"]?.ToString() ?? "";
            long bytes = Sizes.For(format);
            if (report?.ResultStatistics is not { } stats || bytes == 0)
            {
                return "?";
            }
            double seconds = stats.Mean / 1e9;
            return (bytes / 1e6 / seconds).ToString("F0", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Sizes are measured in the benchmark process; the host process regenerates them once to know.</summary>
    private static class Sizes
    {
        public static long For(string format) => BytesByFormat.GetOrAdd(format, f =>
        {
            string path = Path.GetTempFileName();
            try
            {
                LogGenerator.Write(path, 1_000_000, oldForm: f.EndsWith("old", StringComparison.Ordinal), seed: 1);
                return new FileInfo(path).Length;
            }
            finally
            {
                File.Delete(path);
            }
        });
    }
}
