using TrainCompare.Reports;

namespace TrainCompare.Tests.Reports;

/// <summary>Fitting a table to a width: empty columns out, splits between column groups, a table on its side.</summary>
public class SummaryTablesTests
{
    /// <summary>A table of run labels "r1".."rN" and the given headers, every cell as wide as its header (at least 2).</summary>
    private static SummaryTable Table(string[] headers, int rows = 2, IReadOnlyList<int>? groups = null) =>
        new("T", ["run", .. headers], Enumerable.Range(1, rows)
            .Select(r => (IReadOnlyList<Cell>)[new Cell($"r{r}"), .. headers.Select(h => new Cell(new string('9', h.Length)))]).ToArray())
        {
            GroupStarts = groups,
        };

    private static string[] Headers(SummaryTable t) => [.. t.Headers];

    [Fact]
    public void A_table_that_fits_is_left_whole_and_its_width_is_what_the_console_draws()
    {
        var t = Table(["aaaa", "bbbbbb"]);
        // 1 + (3 + 3) + (4 + 3) + (6 + 3): every column its widest cell plus padding and a rule, plus one
        Assert.Equal(23, SummaryTables.MeasureWidth(t));
        Assert.Same(t, Assert.Single(SummaryTables.Fit(t, 23)));
    }

    [Fact]
    public void A_wide_table_splits_into_as_few_tables_as_will_do_as_even_as_they_can_be_each_with_the_run()
    {
        // run (3) and six columns of 10: 7 + 6 × 13 = 85; at 60 at most four columns fit beside the run
        var t = Table(["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee", "ffffffffff"]);
        var parts = SummaryTables.Fit(t, 60);
        Assert.Equal(2, parts.Count);
        Assert.Equal(["run", "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"], Headers(parts[0]));
        Assert.Equal(["run", "dddddddddd", "eeeeeeeeee", "ffffffffff"], Headers(parts[1]));
        Assert.Equal(["T", "T, continued"], parts.Select(p => p.Title));
        Assert.All(parts, p => Assert.True(SummaryTables.MeasureWidth(p) <= 60));
        Assert.Equal("r2", parts[1].Rows[1][0].Text);
        Assert.Equal("9999999999", parts[1].Rows[1][3].Text);
    }

    [Fact]
    public void A_split_falls_between_column_groups_where_one_fits()
    {
        // a–d read together, e–f together: the cut goes before e, not in the middle
        var t = Table(["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee", "ffffffffff"], groups: [5]);
        var parts = SummaryTables.Fit(t, 60);
        Assert.Equal(["run", "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd"], Headers(parts[0]));
        Assert.Equal(["run", "eeeeeeeeee", "ffffffffff"], Headers(parts[1]));
        // a group too wide for the width on its own is cut where it must be, as few times as will do
        var narrow = SummaryTables.Fit(t, 40);
        Assert.All(narrow, p => Assert.True(SummaryTables.MeasureWidth(p) <= 40));
        Assert.Equal(["run", "eeeeeeeeee", "ffffffffff"], Headers(narrow[^1]));
        Assert.Equal(3, narrow.Count);
    }

    [Fact]
    public void A_column_too_wide_for_any_table_gets_one_of_its_own()
    {
        var t = Table([new string('x', 50), "y", "z"]);
        var parts = SummaryTables.Fit(t, 40);
        Assert.Equal(2, parts.Count);
        Assert.Equal(["run", new string('x', 50)], Headers(parts[0]));
        Assert.Equal(["run", "y", "z"], Headers(parts[1]));
    }

    [Fact]
    public void A_column_that_wraps_counts_at_most_the_wrap_width()
    {
        var files = new SummaryTable("Runs", ["run", "files"], [[new Cell("a"), new Cell(new string('f', 200))]]);
        Assert.Equal(1 + (3 + 3) + (SummaryTables.WrapWidth + 3), SummaryTables.MeasureWidth(files)); // "run", then the files
        Assert.True(files.Wraps(1));
        Assert.False(Table(["n"]).Wraps(1));
    }

    [Fact]
    public void Columns_that_say_nothing_are_left_out_and_the_groups_kept()
    {
        var t = new SummaryTable("T", ["run", "a", "empty", "b", "c"],
        [
            [new Cell("r1"), new Cell("1"), new Cell("-"), new Cell("2"), new Cell("-")],
            [new Cell("r2"), new Cell("3"), new Cell(""), new Cell("-"), new Cell("4", Tone.Bad)],
        ]) { GroupStarts = [3] };
        var kept = SummaryTables.WithoutEmptyColumns(t);
        Assert.Equal(["run", "a", "b", "c"], Headers(kept));
        Assert.Equal(Tone.Bad, kept.Rows[1][3].Tone);
        Assert.Equal([2], kept.GroupStarts); // b and c still a group apart from a
        Assert.Same(kept, SummaryTables.WithoutEmptyColumns(kept));
        // a table without rows keeps its headers
        var none = new SummaryTable("T", ["run", "a"], []);
        Assert.Same(none, SummaryTables.WithoutEmptyColumns(none));
    }

    [Fact]
    public void On_a_narrow_layout_a_table_too_wide_turns_on_its_side_when_that_fits()
    {
        var t = Table(["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee", "ffffffffff"]);
        var side = Assert.Single(SummaryTables.Fit(t, 60, vertical: true));
        Assert.True(side.Transposed);
        Assert.Equal(["", "r1", "r2"], Headers(side));
        Assert.Equal(6, side.Rows.Count);
        Assert.Equal(["aaaaaaaaaa", "9999999999", "9999999999"], side.Rows[0].Select(c => c.Text));
        Assert.True(SummaryTables.MeasureWidth(side) <= 60);
        Assert.True(side.IsText(0));
        Assert.False(side.IsText(1)); // values right-aligned, whatever the run is called
        // ten runs do not fit on their side: split instead
        Assert.All(SummaryTables.Fit(Table(["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee", "ffffffffff"], rows: 10), 60, vertical: true),
            p => Assert.False(p.Transposed));
    }

    [Theory]
    [InlineData("abc", 3)]
    [InlineData("Δ – ±", 5)]
    [InlineData("日本", 4)]
    [InlineData("e\u0301", 1)]
    [InlineData("🙂", 2)]
    public void Display_width_counts_terminal_columns(string text, int width) => Assert.Equal(width, SummaryTables.DisplayWidth(text));
}
