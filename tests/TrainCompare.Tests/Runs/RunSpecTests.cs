using TrainCompare.Runs;

namespace TrainCompare.Tests.Runs;

public class RunSpecTests
{
    [Fact]
    public void Labels_default_to_file_names_without_extension()
    {
        var specs = RunSpec.Create(["logs/baseline.txt", "/tmp/fused.log"], []);
        Assert.Equal(["baseline", "fused"], specs.Select(s => s.Label));
        Assert.Equal(["logs/baseline.txt", "/tmp/fused.log"], specs.Select(s => s.Path));
    }

    [Theory]
    [InlineData("logs/run.txt.gz", "run")]
    [InlineData("run.log.zst", "run")]
    [InlineData("run.gz", "run")]
    [InlineData("-", "stdin")]
    public void Labels_drop_compression_extensions(string path, string label)
        => Assert.Equal(label, RunSpec.Create([path], []).Single().Label);

    [Fact]
    public void Given_labels_are_used_in_order()
        => Assert.Equal(["base", "opt"], RunSpec.Create(["a.txt", "b.txt"], ["base", "opt"]).Select(s => s.Label));

    [Fact]
    public void Label_count_must_match_file_count()
    {
        var e = Assert.Throws<TrainCompareException>(() => RunSpec.Create(["a.txt", "b.txt"], ["only"]));
        Assert.Equal("--labels: 1 label given for 2 files (baseline first, then each compare file)", e.Message);
    }

    [Fact]
    public void Duplicate_given_labels_are_an_error()
    {
        var e = Assert.Throws<TrainCompareException>(() => RunSpec.Create(["a.txt", "b.txt"], ["x", "x"]));
        Assert.Equal("--labels: the label 'x' is given twice; each run needs its own label", e.Message);
    }

    [Fact]
    public void Files_whose_names_collide_are_an_error_not_a_silent_merge()
    {
        var e = Assert.Throws<TrainCompareException>(() => RunSpec.Create(["a/run.txt", "b/run.txt"], []));
        Assert.Equal("b/run.txt: its label 'run' is already used by a/run.txt; give distinct names with --labels", e.Message);
    }
}
