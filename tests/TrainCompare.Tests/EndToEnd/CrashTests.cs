using System.Text.RegularExpressions;
using TrainCompare.Cli;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// Inputs that used to crash the tool (a stack trace and exit 1, which CI reads as "a check failed") or were
/// taken for something else: each is now read right or is one line and exit 2; a bug is exit 70.
/// </summary>
public sealed class CrashTests() : TempDirectory("traincmp-crash-")
{
    private string Good => Write("good.txt", TestLogs.Log(30, i => 10.0 / i, _ => 700));

    private string OutDir => Path.Combine(Dir, "out");

    private string Fails(params string[] args) => Traincmp.Fails(Dir, OutDir, args);

    [Theory]
    [InlineData("--plots", "gif", "png, svg or none")]
    [InlineData("--time-unit", "h", "ms, s or us")]
    [InlineData("--align", "epoch", "step or relative")]
    public void A_bad_choice_is_one_line_naming_the_accepted_values(string option, string value, string accepted)
        => Assert.Equal($"traincmp: error: {option} takes {accepted}, not '{value}' (see traincmp --help)",
            Fails("--baseline", Good, option, value));

    [Fact]
    public void Arguments_starting_with_at_are_labels_not_response_files()
    {
        Write("resp.txt", "--min-speedup\n100\n"); // read as options, a check that fails: exit 1
        Write("secret.txt", "hunter2\n");
        var r = Traincmp.Run(Dir, "--baseline", Good, "--compare", Good, Good, "--labels", "base", "@resp.txt", "@secret.txt",
            "--output-dir", OutDir, "--plots", "none", "--report", "md");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("@resp.txt", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("@secret.txt", r.Stdout, StringComparison.Ordinal);
        string summary = File.ReadAllText(Path.Combine(OutDir, "summary.md"));
        Assert.DoesNotContain("hunter2", summary + r.Stdout + r.Stderr, StringComparison.Ordinal);
        // an '@' label with no such file is a label too (it used to fail: "response file not found")
        var octocat = Traincmp.Run(Dir, "--baseline", Good, "--compare", Good, "--labels", "base", "@octocat",
            "--output-dir", OutDir, "--plots", "none");
        Assert.True(octocat.ExitCode == 0, octocat.Stderr);
        Assert.Contains("@octocat", octocat.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--metric", "x=(a+)+$")]
    [InlineData("--pattern", "step=(a+)+$")]
    public void A_pattern_that_backtracks_without_end_is_an_error_naming_it(string option, string pattern)
    {
        string log = Write("slow.txt", "Step: 1, Loss: 1.0, Time: 700 ms\n" + new string('a', 40) + "!\n");
        string[] extra = option == "--pattern" ? ["--pattern", "loss=Loss: ([0-9.]+)"] : [];
        Assert.Equal($"traincmp: error: {option} '{pattern}': the regular expression took longer than 1 s on line 2 "
                     + "(nested repetition such as (a+)+ backtracks without end); simplify it",
            Fails(["--baseline", log, option, pattern, .. extra]));
    }

    [Theory]
    [InlineData("--mermaid")]
    [InlineData("--align", "relative")]
    public void Steps_near_2_to_the_63_are_drawn_and_aligned(params string[] option)
    {
        string Log(string name, IEnumerable<long> steps) => Write(name, string.Concat(steps.Select((s, i) =>
            $"{{\"step\": {s}, \"loss\": {1.0 / (i + 1):F4}, \"step_time_ms\": 700}}\n")));
        string low = Log("low.jsonl", Enumerable.Range(0, 40).Select(i => (long)i));
        string high = Log("high.jsonl", Enumerable.Range(0, 40).Select(i => long.MaxValue - 39 + i));
        var r = Traincmp.Run(Dir, ["--baseline", low, "--compare", high, "--output-dir", OutDir, "--report", "md,html,csv", .. option]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("SUMMARY STATISTICS", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("svg")]
    public void Losses_near_the_largest_double_are_left_out_of_the_charts_with_a_note(string plots)
    {
        // the largest double, ±1e308 (an axis over them overflows), and ±1e300 (the largest drawn)
        double[] huge = [double.MaxValue, 1e308, -1e308, -double.MaxValue, 1e300, -1e300];
        string log = Write("huge.txt", string.Concat(Enumerable.Range(1, 40).Select(i =>
            FormattableString.Invariant($"Step: {i}, Loss: {(i % 5 == 0 ? huge[i / 5 % huge.Length] : 1.0 / i):R}, Time: 700 ms\n"))));
        var r = Traincmp.Run(Dir, "--baseline", log, "--compare", Good, "--plots", plots, "--report", "md,html,csv", "--mermaid",
            "--output-dir", OutDir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("SUMMARY STATISTICS", r.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(OutDir, $"losses.{plots}")));
        Assert.Contains(">6 values beyond &#177;1e300 not drawn (too large to scale an axis to)</p>",
            File.ReadAllText(Path.Combine(OutDir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_the_user_can_cause_are_exit_2_on_one_line_whatever_wraps_them()
    {
        var io = new IOException("No space left on device : '/out/loss.png'");
        Assert.Equal((2, "traincmp: error: No space left on device : '/out/loss.png'"), Report(new AggregateException(io)));
        Assert.Equal((2, "traincmp: error: run.txt: file is empty"), Report(new AggregateException(
            new AggregateException(TrainCompareException.ForFile("run.txt", "file is empty")))));
        Assert.Equal((2, "traincmp: error: access denied"), Report(new UnauthorizedAccessException("access\ndenied")));
        var timeout = new RegexMatchTimeoutException("aaaa!", "(a+)+$", TimeSpan.FromSeconds(1));
        Assert.Equal((2, "traincmp: error: the regular expression '(a+)+$' took longer than 1 s on one line "
                         + "(nested repetition such as (a+)+ backtracks without end); simplify it"), Report(timeout));
    }

    [Fact]
    public void A_bug_is_exit_70_on_one_line_without_a_stack_trace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("Sequence contains\nno elements");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }
        Assert.NotNull(thrown.StackTrace);
        Assert.Equal((70, "traincmp: internal error: InvalidOperationException: Sequence contains no elements "
                          + "(a bug; TRAINCMP_DEBUG=1 prints the stack trace)"), Report(new AggregateException(thrown)));
        Assert.NotEqual(TraincmpCommand.ExitCheckFailed, TraincmpCommand.ExitInternalError);
    }

    private static (int Code, string Stderr) Report(Exception e)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = TraincmpCommand.ReportFailure(e, stdout, stderr);
        Assert.Equal("", stdout.ToString());
        return (code, stderr.ToString().TrimEnd('\n'));
    }
}
