using TrainCompare.Reports;

namespace TrainCompare.Tests.Reports;

public sealed class OutputDirectoryTests() : TempDirectory("traincmp-out-")
{

    [Theory]
    [InlineData("nano_gpt_n300_", "nano_gpt_n300_")]
    [InlineData("../../etc/", ".._.._etc_")]
    [InlineData("a b/c\\d:é", "a_b_c_d__")]
    [InlineData("v1.2-rc_3", "v1.2-rc_3")]
    [InlineData("", "")]
    public void Prefix_keeps_only_safe_characters(string prefix, string expected)
        => Assert.Equal(expected, OutputDirectory.SanitizePrefix(prefix));

    [Fact]
    public void A_prefix_can_never_leave_theDirectory()
    {
        var output = new OutputDirectory(Dir, "../../x/");
        Assert.Equal(Dir, Path.GetDirectoryName(Path.GetFullPath(output.FileFor("losses.png"))));
    }

    [Fact]
    public void Staged_files_appear_only_on_commit_and_replace_old_ones()
    {
        var output = new OutputDirectory(Dir, "p_");
        string final = output.FileFor("a.png");
        File.WriteAllText(final, "old");
        output.Stage("a.png", "new"u8);
        Assert.Equal("old", File.ReadAllText(final));
        output.Commit();
        Assert.Equal("new", File.ReadAllText(final));
        Assert.Equal(["p_a.png"], Directory.GetFiles(Dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Abort_leaves_what_the_user_had()
    {
        var output = new OutputDirectory(Dir, "");
        string final = output.FileFor("a.png");
        File.WriteAllText(final, "old");
        output.Stage("a.png", "new"u8);
        output.Abort();
        Assert.Equal("old", File.ReadAllText(final));
        Assert.Single(Directory.GetFiles(Dir));
    }
}
