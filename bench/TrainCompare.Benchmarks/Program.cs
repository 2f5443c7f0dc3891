using System.Globalization;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
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
if (args.Length >= 1 && args[0] == "verdicts")
{
    VerdictRates.Print(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 400);
    return 0;
}
if (args.Length >= 2 && args[0] == "loop")
{
    // dotnet run -c Release -- loop SECONDS [METHOD ...]: the old-form benchmarks over and over, in turn, for
    // perf and for comparing changes on a noisy machine (each method's median, min and quartiles)
    var bench = new ParserBenchmarks { Format = "tt-train old" };
    bench.Setup();
    string[] methods = args.Length > 2 ? args[2..] : ["Parse"];
    var times = methods.ToDictionary(m => m, _ => new List<double>());
    var clock = System.Diagnostics.Stopwatch.StartNew();
    for (int round = 0; clock.Elapsed.TotalSeconds < double.Parse(args[1], CultureInfo.InvariantCulture); round++)
    {
        foreach (string method in methods)
        {
            var t = System.Diagnostics.Stopwatch.StartNew();
            _ = method switch
            {
                "ParseStream" => bench.ParseStream(),
                "ScanOnly" => (int)bench.ScanOnly(),
                _ => bench.Parse(),
            };
            if (round >= 3)
            {
                times[method].Add(t.Elapsed.TotalMilliseconds);
            }
        }
    }
    bench.Cleanup();
    foreach (var (method, list) in times)
    {
        list.Sort();
        double At(double q) => list.Count == 0 ? double.NaN : list[(int)(q * (list.Count - 1))];
        Console.WriteLine(FormattableString.Invariant($"{method,-12} n={list.Count,4}  min {At(0),6:F1}  q1 {At(0.25),6:F1}  median {At(0.5),6:F1}  q3 {At(0.75),6:F1} ms"));
    }
    return 0;
}
if (args.Length > 0 && args[0] == "aot")
{
    // dotnet run -c Release -- aot [BenchmarkDotNet arguments]: the same benchmarks compiled with Native AOT for
    // the instruction set the published tool targets (TrainCompare.Cli.csproj), with the ILCompiler the SDK
    // brings (PublishAot) from nuget.org rather than BenchmarkDotNet's nightly feed
    var aot = BenchmarkDotNet.Toolchains.NativeAot.NativeAotToolchain.CreateBuilder()
        .UseNuGet("", "https://api.nuget.org/v3/index.json")
        .IlcInstructionSet("x86-64-v3")
        .TargetFrameworkMoniker("net10.0")
        .DisplayName("NativeAOT")
        .ToToolchain();
    var config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(Job.Default.WithToolchain(aot).WithId("NativeAOT"));
    BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args[1..], config);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(ParserBenchmarks).Assembly).Run(args);
return 0;
