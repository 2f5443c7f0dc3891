using System.Globalization;
using BenchmarkDotNet.Running;
using TrainCompare.Benchmarks;

// dotnet run -c Release --project bench/TrainCompare.Benchmarks -- generate STEPS old|new SEED PATH [MEAN_MS]
// dotnet run -c Release --project bench/TrainCompare.Benchmarks -- [BenchmarkDotNet arguments, e.g. --filter *]
if (args.Length >= 5 && args[0] == "generate")
{
    double mean = args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 703.0;
    LogGenerator.Write(args[4], long.Parse(args[1], CultureInfo.InvariantCulture), args[2] == "old",
        int.Parse(args[3], CultureInfo.InvariantCulture), mean);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args);
return 0;
