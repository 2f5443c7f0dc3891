using System.CommandLine;
using TrainCompare.Cli;
using TrainCompare.Tests.EndToEnd;

namespace TrainCompare.Tests.Cli;

public sealed class HelpTextTests
{
    private static string RepositoryFile(string path) => Path.Combine(Path.GetDirectoryName(Traincmp.ExamplesDir)!, path);

    [Fact]
    public void Docs_options_md_is_made_from_the_same_declarations_as_the_help()
    {
        string expected = HelpText.Markdown(new CliOptions());
        string path = RepositoryFile("docs/options.md");
        if (Environment.GetEnvironmentVariable("TRAINCMP_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }
        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected,
            "docs/options.md differs from the options' declarations: run TRAINCMP_UPDATE_DOCS=1 dotnet test --filter HelpTextTests");
    }

    [Fact]
    public void Every_option_is_in_one_section_and_has_a_description()
    {
        var options = new CliOptions();
        var all = options.All.ToArray();
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.All(all, o => Assert.False(string.IsNullOrWhiteSpace(o.Description), o.Name));
    }

    [Fact]
    public void The_built_tool_help_piped_wraps_at_80_columns()
    {
        var r = Traincmp.Run(Path.GetTempPath(), "--help");
        Assert.Equal(0, r.ExitCode);
        string[] lines = r.Stdout.Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.InRange(lines.Length, 60, 130);
        Assert.Contains("  --min-speedup X ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  --watch [SECONDS] ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("  -h, --help ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 ok, 1 a check failed, 2 usage or input error, 70 a bug.", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a b c", 3, new[] { "a b", "c" })]
    [InlineData("word", 2, new[] { "word" })]
    [InlineData("one two three four", 9, new[] { "one two", "three", "four" })]
    public void Wrap_breaks_at_spaces_within_the_width(string text, int width, string[] lines)
        => Assert.Equal(lines, HelpText.Wrap(text, width, 0));
}
