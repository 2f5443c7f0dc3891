using TrainCompare.Reading;

namespace TrainCompare.Tests.EndToEnd;

public sealed class RanksTests() : TempDirectory("traincmp-ranks-")
{

    /// <summary>Four ranks print interleaved; rank r's loss is 3 + r/10 so each is recognizable.</summary>
    private string MultiRank()
    {
        string path = Path.Combine(Dir, "ranks.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Range(1, 30).SelectMany(step => new[] { 2, 0, 3, 1 }.Select(r =>
            FormattableString.Invariant($"[Rank {r}] Step: {step}, Loss: {3 + r / 10.0}, Time: {700 + r} ms\n")))));
        return path;
    }

    [Theory]
    [InlineData("[Rank 3] Step: 1", 3)]
    [InlineData("2026-01-01 00:00:00 [rank12]: iter 10: loss 3.2", 12)]
    [InlineData("Step: 1, Loss: 3", null)]
    [InlineData("[Rank x] Step: 1", null)]
    public void Rank_prefixes(string line, int? rank)
        => Assert.Equal(rank, RankFilter.RankOf(System.Text.Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void The_lowest_rank_is_read_by_default_and_the_run_line_says_which_ranks_were_seen()
    {
        var r = Traincmp.Run(Dir, "--baseline", MultiRank(), "--warmup-steps", "0", "--output-dir", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("ranks: 30 loss values, 30 step times", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("note: ranks 0, 1, 2, 3 in this log; reading rank 0 (--rank picks another)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  ranks: 700.00 ms (std: 0.00 ms)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  ranks: 3.000000 (all 30 steps)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_picks_another_and_a_rank_the_log_lacks_is_an_error()
    {
        string log = MultiRank();
        var r = Traincmp.Run(Dir, "--baseline", log, "--rank", "2", "--warmup-steps", "0", "--output-dir", "out");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("  ranks: 702.00 ms (std: 0.00 ms)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  ranks: 3.200000 (all 30 steps)", r.Stdout, StringComparison.Ordinal);

        var missing = Traincmp.Run(Dir, "--baseline", log, "--rank", "9", "--output-dir", "out2");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"traincmp: error: {log}: --rank 9: the log shows ranks 0, 1, 2, 3", missing.Stderr.TrimEnd('\n'));
    }
}
