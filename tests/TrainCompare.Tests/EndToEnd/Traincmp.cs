using System.Diagnostics;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>Runs the built tool as a user would: a separate process, real files, real exit code.</summary>
internal static class Traincmp
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The tool's dll, copied next to the tests by the project reference.</summary>
    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "traincmp.dll");

    /// <summary>The repository's examples/ folder.</summary>
    public static string ExamplesDir
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TrainCompare.slnx")))
            {
                dir = dir.Parent;
            }
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "examples");
        }
    }

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, new Dictionary<string, string?>(), args);

    /// <summary>
    /// Runs with <c>--output-dir <paramref name="outputDir"/></c> and checks the contract every bad input shares:
    /// exit code 2, one line on stderr, no output directory, no summary. Returns the error line.
    /// </summary>
    public static string Fails(string workingDirectory, string outputDir, params string[] args)
    {
        var r = Run(workingDirectory, [.. args, "--output-dir", outputDir]);
        Assert.True(r.ExitCode == 2, $"exit code {r.ExitCode}: {r.Stderr}");
        string[] lines = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("traincmp: error: ", lines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(outputDir), "bad input must not create the output directory");
        Assert.DoesNotContain("SUMMARY STATISTICS", r.Stdout, StringComparison.Ordinal);
        return lines[0];
    }

    /// <summary>Runs with extra environment variables (a null value removes the variable).</summary>
    public static Result Run(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("GITHUB_STEP_SUMMARY"); // a test's CI job must not get our summaries
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"traincmp {string.Join(' ', args)} did not finish");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
