using System.CommandLine;
using TrainCompare.Cli;

namespace TrainCompare.Tests.Cli;

public sealed class UnknownOptionsTests
{
    private static readonly Option[] Options =
    [
        new Option<string>("--baseline"), new Option<string[]>("--compare") { AllowMultipleArgumentsPerToken = true },
        new Option<string>("--title-prefix"), new Option<bool>("--no-plots"), new Option<double?>("--watch") { Arity = ArgumentArity.ZeroOrOne },
    ];

    [Theory]
    [InlineData("--baseline", "--baseline", 0)]
    [InlineData("--compre", "--compare", 1)]
    [InlineData("--comapre", "--compare", 1)] // a swap of neighbours is one edit
    [InlineData("--min-sped", "--min-speedup", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int distance)
    {
        Assert.Equal(distance, UnknownOptions.Distance(a, b));
        Assert.Equal(distance, UnknownOptions.Distance(b, a));
    }

    [Fact]
    public void Known_options_their_values_and_everything_after_a_double_dash_pass()
    {
        Assert.Null(UnknownOptions.Find(["--baseline", "b.txt", "--compare", "c.txt", "d.txt", "--no-plots", "--watch"], Options));
        Assert.Null(UnknownOptions.Find(["--baseline=b.txt", "--title-prefix", "--not-an-option", "--watch", "2"], Options));
        Assert.Null(UnknownOptions.Find(["--baseline", "b.txt", "--", "--weird-file-name.txt"], Options));
    }

    [Fact]
    public void The_first_unknown_option_is_named_with_the_nearest_known_one()
    {
        Assert.Equal("unknown option --compre; did you mean --compare?", UnknownOptions.Find(["--baseline", "b", "--compre", "c"], Options));
        Assert.Equal("unknown option --base; did you mean --baseline?", UnknownOptions.Find(["--base", "b"], Options));
        Assert.Equal("unknown option --zzz", UnknownOptions.Find(["--baseline", "b", "--zzz", "--also-unknown"], Options));
        // the value of --watch is optional: an unknown option after it is still an option
        Assert.Equal("unknown option --nope", UnknownOptions.Find(["--watch", "--nope"], Options));
    }
}
