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

    [Fact]
    public void Temporary_names_are_unpredictable_and_of_the_tools_own_pattern()
    {
        var output = new OutputDirectory(Dir, "a_very_long_prefix_");
        output.Stage("a.png", "1"u8);
        output.Stage("a.md", "2"u8);
        var temps = Directory.GetFiles(Dir).Select(Path.GetFileName).ToArray();
        Assert.Equal(2, temps.Length);
        Assert.NotEqual(temps[0], temps[1]);
        Assert.All(temps, t => Assert.Matches($"^\\.traincmp-{Environment.ProcessId}-[0-9a-f]{{16}}\\.tmp$", t!));
        Assert.All(temps, t => Assert.True(OutputDirectory.IsTempName(t!)));
        output.Abort();
        Assert.Empty(Directory.GetFiles(Dir));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_planted_symlink_at_a_temporary_name_is_never_followed(bool dangling)
    {
        string outside = Path.Combine(Dir, "outside.txt");
        if (!dangling)
        {
            File.WriteAllText(outside, "keep");
        }
        string planted = Path.Combine(Dir, OutputDirectory.NewTempName());
        File.CreateSymbolicLink(planted, outside);
        Assert.ThrowsAny<IOException>(() => OutputDirectory.CreateExclusive(planted).Dispose());
        Assert.Equal(!dangling, File.Exists(outside));
        if (!dangling)
        {
            Assert.Equal("keep", File.ReadAllText(outside));
        }
    }

    [Fact]
    public void A_symlink_at_the_final_name_is_replaced_not_written_through()
    {
        string outside = Path.Combine(Dir, "outside.txt");
        File.WriteAllText(outside, "keep");
        string sub = Directory.CreateDirectory(Path.Combine(Dir, "out")).FullName;
        var output = new OutputDirectory(sub, "");
        File.CreateSymbolicLink(output.FileFor("a.png"), outside);
        output.Stage("a.png", "new"u8);
        output.Commit();
        Assert.Equal("keep", File.ReadAllText(outside));
        Assert.Null(new FileInfo(output.FileFor("a.png")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(output.FileFor("a.png")));
    }

    [Fact]
    public void Plan_refuses_long_names_directories_and_two_outputs_on_one_file_before_anything_is_written()
    {
        var output = new OutputDirectory(Path.Combine(Dir, "out"), new string('p', 250));
        var e = Assert.Throws<TrainCompareException>(() => output.Plan(["losses.png"]));
        Assert.Equal($"{output.FileFor("losses.png")}: file name too long (260 bytes; file systems take at most 255)", e.Message);

        Directory.CreateDirectory(Path.Combine(Dir, "taken.json"));
        e = Assert.Throws<TrainCompareException>(() => new OutputDirectory(Dir, "").Plan(["a.png"], Path.Combine(Dir, "taken.json")));
        Assert.Equal($"{Dir}/taken.json: is a directory, so the output cannot be written there", e.Message);

        e = Assert.Throws<TrainCompareException>(() => new OutputDirectory(Dir, "").Plan(["summary.md"], Path.Combine(Dir, "summary.md")));
        Assert.Equal($"{Dir}/summary.md: two outputs would be written to this one file", e.Message);
        Assert.False(Directory.Exists(Path.Combine(Dir, "out")));
        Assert.Empty(Directory.GetFiles(Dir));
    }

    [Fact]
    public void Stale_temporary_files_of_dead_processes_are_removed_and_nothing_else()
    {
        const string dead = ".traincmp-999999999-0123456789abcdef.tmp"; // above any pid_max: not running
        string running = $".traincmp-1-0123456789abcdef.tmp"; // init is always running
        string[] others =
        [
            ".traincmp-999999999-0123456789ABCDEF.tmp", ".traincmp-999999999-0123.tmp", "x.traincmp-999999999-0123456789abcdef.tmp",
            ".traincmp-999999999-0123456789abcdef.tmp.bak", ".summary.md.999999999.tmp", "losses.png", ".traincmp-0-0123456789abcdef.tmp",
        ];
        foreach (string name in (string[])[dead, running, .. others])
        {
            File.WriteAllText(Path.Combine(Dir, name), "x");
        }
        File.CreateSymbolicLink(Path.Combine(Dir, ".traincmp-999999998-0123456789abcdef.tmp"), Path.Combine(Dir, "losses.png"));
        string mine = Path.Combine(Dir, OutputDirectory.NewTempName()); // this process's: a report in progress
        File.WriteAllText(mine, "x");

        Assert.Equal(1, OutputDirectory.RemoveStaleTempFiles(Dir));
        Assert.False(File.Exists(Path.Combine(Dir, dead)));
        Assert.True(File.Exists(Path.Combine(Dir, running)));
        Assert.True(File.Exists(mine));
        Assert.All(others, o => Assert.True(File.Exists(Path.Combine(Dir, o)), o));
        Assert.NotNull(new FileInfo(Path.Combine(Dir, ".traincmp-999999998-0123456789abcdef.tmp")).LinkTarget);

        // a running pid's file is stale once it is a day old (the pid was reused)
        File.SetLastWriteTimeUtc(Path.Combine(Dir, running), DateTime.UtcNow - OutputDirectory.StaleAfter - TimeSpan.FromMinutes(1));
        Assert.Equal(1, OutputDirectory.RemoveStaleTempFiles(Dir));
        Assert.False(File.Exists(Path.Combine(Dir, running)));
        Assert.True(File.Exists(mine));
    }
}
