using TrainCompare.Analysis;
using TrainCompare.Reading;
using TrainCompare.Runs;
using TrainCompare.Tests.EndToEnd;

namespace TrainCompare.Tests.Runs;

/// <summary>Repeated runs: comma lists and globs as groups, means and bands, pooled step times, the noise floor.</summary>
public sealed class RepeatsTests() : TempDirectory("traincmp-repeats-")
{

    [Fact]
    public void A_glob_expands_to_its_files_in_name_order_and_a_comma_list_to_its_parts()
    {
        Write("base_seed2.txt", "x");
        Write("base_seed1.txt", "x");
        Write("other.txt", "x");
        Assert.Equal([Path.Combine(Dir, "base_seed1.txt"), Path.Combine(Dir, "base_seed2.txt")],
            InputPaths.Expand(Path.Combine(Dir, "base_seed*.txt")));
        Assert.Equal(["a.txt", "b.txt"], InputPaths.Expand("a.txt, b.txt"));
        var e = Assert.Throws<TrainCompareException>(() => InputPaths.Expand(Path.Combine(Dir, "fused_*.txt")));
        Assert.Equal($"{Dir}/fused_*.txt: no file matches", e.Message);
    }

    [Fact]
    public void A_group_is_labelled_with_what_its_file_names_share()
    {
        Write("base_seed1.txt", "x");
        Write("base_seed2.txt", "x");
        var groups = RunSpec.CreateGroups([Path.Combine(Dir, "base_seed*.txt"), "x.txt,y.txt", "single.log"], []);
        Assert.Equal(["base_seed", "x+1", "single"], groups.Select(g => g.Label));
        Assert.Equal(2, groups[0].Paths.Count);
    }

    [Fact]
    public void Repeats_combine_into_mean_and_band_and_pool_their_step_times()
    {
        var a = TestLogs.Run("Step: 1, Loss: 4, Time: 700 ms\nStep: 2, Loss: 3, Time: 710 ms\nStep: 3, Loss: 2, Time: 720 ms\n", "a");
        var b = TestLogs.Run("Step: 1, Loss: 6, Time: 690 ms\nStep: 2, Loss: 5, Time: 700 ms\n", "b");
        var group = RunGroup.Combine("g", [a, b]);
        Assert.Equal([1L, 2L, 3L], group.Loss.Steps.ToArray());
        Assert.Equal([5.0, 4.0, 2.0], group.Loss.Values.ToArray());
        Assert.Equal([4.0, 3.0, 2.0], group.Bands[Metrics.Loss].Min.Values.ToArray());
        Assert.Equal([6.0, 5.0, 2.0], group.Bands[Metrics.Loss].Max.Values.ToArray());
        Assert.Equal(["a.txt", "b.txt"], group.Files);

        // pooled: 700, 710, 720, 690, 700 -> mean 704, population std sqrt(104) (by hand)
        var summary = RunSummary.Of(group, new ComparisonOptions { WarmupSteps = 0 });
        Assert.Equal(5, summary.StepTimeCount);
        Assert.Equal(704.0, summary.StepTime!.Mean, 12);
        Assert.Equal(Math.Sqrt(104), summary.StepTime.Std, 12);
        Assert.Equal(5, summary.StepTimeDistribution!.N);
    }

    private static string Log(double offset, double time)
        => string.Concat(Enumerable.Range(1, 200).Select(i => FormattableString.Invariant($"Step: {i}, Loss: {5.0 - i / 100.0 + offset:R}, Time: {time + i % 5} ms\n")));

    [Fact]
    public void The_noise_floor_is_how_far_apart_the_baselines_own_repeats_end()
    {
        var baseline = RunGroup.Combine("base", [TestLogs.Run(Log(0, 700), "b1"), TestLogs.Run(Log(0.03, 700), "b2"), TestLogs.Run(Log(0.01, 700), "b3")]);
        var close = TestLogs.Run(Log(0.025, 650), "close");    // group mean is +0.01333: Δ 0.01167
        var far = TestLogs.Run(Log(0.1, 650), "far");
        var c = Comparison.Of([baseline, close, far], new ComparisonOptions());
        Assert.Equal(0.03, Comparison.NoiseFloor(baseline, 100)!.Value, 12);
        Assert.True(c.Comparisons[0].Loss.WithinNoise);
        Assert.False(c.Comparisons[1].Loss.WithinNoise);
        Assert.Equal(0.03, c.Comparisons[1].Loss.NoiseFloor!.Value, 12);
        Assert.Null(Comparison.Of([close, far], new ComparisonOptions()).Comparisons[0].Loss.WithinNoise);
    }

    [Fact]
    public void The_built_tool_takes_quoted_globs_and_says_when_one_matches_nothing()
    {
        for (int s = 1; s <= 3; s++)
        {
            Write($"base_seed{s}.txt", Log(0.01 * s, 700));
            Write($"fused_seed{s}.txt", Log(0.01 * s + 0.001, 650));
        }
        var r = Traincmp.Run(Dir, "--baseline", "base_seed*.txt", "--compare", "fused_seed*.txt", "--json", "-", "--output-dir", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("base_seed: 200 loss values, 600 step times", r.Stderr, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("runs")[0].GetProperty("repeats").GetInt32());
        var loss = doc.RootElement.GetProperty("comparisons")[0].GetProperty("loss");
        Assert.True(loss.GetProperty("withinNoise").GetBoolean());
        Assert.Equal(0.02, loss.GetProperty("noiseFloor").GetDouble(), 9);
        CompareExamplesTests.AssertGoodChart(Path.Combine(Dir, "out", "losses.png"));

        var missing = Traincmp.Run(Dir, "--baseline", "base_seed*.txt", "--compare", "fuzed_*.txt", "--output-dir", "out2");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("traincmp: error: fuzed_*.txt: no file matches", missing.Stderr.TrimEnd('\n'));
    }
}
