using System.Text.RegularExpressions;
using TrainCompare.Analysis;
using TrainCompare.Reports;
using TrainCompare.Runs;
using TrainCompare.Tests.EndToEnd;

namespace TrainCompare.Tests.Reports;

/// <summary>
/// The console tables as a reader sees them: the example comparison, three runs, and repeats read through globs
/// (so the noise-floor columns are real), rendered to a writer as redirected output is.
/// </summary>
public sealed partial class ConsoleTablesTests() : TempDirectory("traincmp-tables-")
{
    private static string Example(string name) => Path.Combine(Traincmp.ExamplesDir, name);

    private static Comparison Load(ComparisonOptions options, params string[] arguments)
        => Comparison.Of(RunLoader.LoadGroups(RunSpec.CreateGroups(arguments, null)), options);

    private static double Wiggle(int i, int seed) => Math.Sin(i * 12.9898 + seed * 78.233) * 0.5; // deterministic noise in [-0.5, 0.5]

    private string Log(string name, int seed, double time, double lossOffset = 0)
        => Write(name + ".txt", string.Concat(Enumerable.Range(1, 600).Select(i => FormattableString.Invariant(
            $"Step: {i}, Loss: {2 + 8 * Math.Exp(-i / 150.0) + 0.05 * Wiggle(i, 1) + 0.004 * Wiggle(i, seed) + lossOffset:0.000000}, Time: {time + 8 * Wiggle(i, seed + 50):0.00} ms\n"))));

    private Comparison Build(string name) => name switch
    {
        "examples" => Load(new ComparisonOptions(), Example("baseline.txt"), Example("fused.txt")),
        "three runs" => Load(new ComparisonOptions(), Example("baseline.txt"), Example("fused.txt"), Log("third", 3, 690)),
        "repeats" => Repeats(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>Three baseline and three fused repeats through globs, with both gates: every optional column is real.</summary>
    private Comparison Repeats()
    {
        for (int s = 1; s <= 3; s++)
        {
            Log($"base_seed{s}", 10 + s, 700);
            Log($"fused_seed{s}", 20 + s, 650);
        }
        return Load(new ComparisonOptions { Gates = new GateOptions { MaxLossDiff = 0.01, MinSpeedup = 1.05 } },
            Path.Combine(Dir, "base_seed*.txt"), Path.Combine(Dir, "fused_seed*.txt"));
    }

    private static string Render(Comparison comparison, bool color = false, int? width = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        ConsoleTables.Write(comparison, output, color, width);
        return output.ToString();
    }

    /// <summary>
    /// The plain tables in the text: a title, a header (the line above the rule), rows until a blank line, the
    /// cells split where three or more spaces part them (padding, border, padding). Wrapped lines, with fewer
    /// cells than the header, are left out of the rows.
    /// </summary>
    private static List<(string Title, string[] Header, List<string[]> Rows)> Tables(string text)
    {
        string[] lines = text.Split('\n');
        var tables = new List<(string, string[], List<string[]>)>();
        for (int i = 2; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('─'))
            {
                continue;
            }
            string[] header = Cells(lines[i - 1]);
            var rows = new List<string[]>();
            for (int j = i + 1; j < lines.Length && lines[j].Length > 0; j++)
            {
                if (Cells(lines[j]) is { } cells && cells.Length == header.Length)
                {
                    rows.Add(cells);
                }
            }
            tables.Add((lines[i - 2], header, rows));
        }
        return tables;

        static string[] Cells(string line) => CellGap().Split(line.Trim());
    }

    [GeneratedRegex(" {3,}")]
    private static partial Regex CellGap();

    [Theory]
    [InlineData("examples")]
    [InlineData("three runs")]
    [InlineData("repeats")]
    public void Redirected_tables_fit_100_columns_with_no_trailing_space_and_no_empty_column(string name)
    {
        string text = Render(Build(name));
        string[] lines = text.Split('\n');
        Assert.All(lines, line => Assert.True(SummaryTables.DisplayWidth(line) <= 100, $"{SummaryTables.DisplayWidth(line)} columns: {line}"));
        Assert.All(lines, line => Assert.False(line.EndsWith(' '), $"trailing space: '{line}'"));

        var tables = Tables(text);
        Assert.True(tables.Count >= 6, $"{tables.Count} tables found");
        foreach (var (title, header, rows) in tables)
        {
            Assert.NotEmpty(rows);
            for (int c = 1; c < header.Length; c++)
            {
                Assert.False(rows.All(r => r[c] == "-"), $"'{title}': column '{header[c]}' is '-' in every row");
            }
        }
        // the repeats' columns are shown exactly when they say something
        var headers = tables.SelectMany(t => t.Header).ToHashSet();
        Assert.Equal(name == "repeats", headers.Contains("noise floor"));
        Assert.Equal(name == "repeats", headers.Contains("within noise"));
        Assert.Equal(name == "repeats", headers.Contains("repeats"));
        Assert.Equal(name == "repeats", headers.Contains("equivalence"));
        Assert.Equal(name == "repeats", text.Contains("Checks\n", StringComparison.Ordinal));
    }

    [Fact]
    public void The_example_tables_read_as_before_with_the_empty_ratio_columns_left_out()
    {
        var all = Tables(Render(Build("examples")));
        // the files here are absolute paths, as long as the checkout makes them: they may get a table of their own
        var runs = all.Where(t => t.Title is "Runs" or "Runs, continued").ToArray();
        Assert.Equal(["run", "format", "losses", "step times", "non-finite losses", "warnings", "files"],
            runs.SelectMany(t => t.Header.Skip(1)).Prepend("run"));
        var tables = all.Where(t => t.Title != "Runs, continued").ToList();
        Assert.Equal(["Runs", "Step time, ms (after 15 warm-up steps)", "Speedup against 'baseline' (above 1 is faster; batch-median t test, α = 0.050)",
            "Throughput, mean after warm-up", "Loss against 'baseline' at common steps",
            "Final loss against 'baseline' (last 100 common steps; batch-mean t test)",
            "Time to the baseline's final loss 2.18208 (trailing mean of 100 losses)"], tables.Select(t => t.Title));
        // baseline.txt logs no throughput, so there is no ratio to it: the ratio columns and their note go
        var throughput = tables[3];
        Assert.Equal(["run", "tokens/s", "TFLOPS", "MFU %"], throughput.Header);
        Assert.Equal(["baseline", "-", "-", "-"], throughput.Rows[0]);
        Assert.Equal(["fused", "6294.75", "40.74", "8.74"], throughput.Rows[1]);
        Assert.Equal(["fused", "901–1000", "0.0001256", "-0.0002625 – 0.0005137", "0.006%", "0.491", "~"], tables[5].Rows[0]);
    }

    [Fact]
    public void A_table_too_wide_is_split_between_its_column_groups_the_run_first_in_each()
    {
        var tables = Tables(Render(Build("repeats")));
        var final = tables.Single(t => t.Title.StartsWith("Final loss", StringComparison.Ordinal) && !t.Title.EndsWith(", continued", StringComparison.Ordinal));
        var rest = tables.Single(t => t.Title == final.Title + ", continued");
        // the difference with its interval, p and verdict stay together; equivalence and the noise floor follow
        Assert.Equal(["run", "steps", "mean Δ", "95% CI", "Δ % of final", "p", "verdict"], final.Header);
        Assert.Equal(["run", "equivalence", "noise floor", "within noise"], rest.Header);
        Assert.Equal("fused_seed", rest.Rows.Single()[0]);
        Assert.Matches(@"^within ±0\.01$", rest.Rows[0][1]);
        Assert.Equal("yes", rest.Rows[0][3]);
        // the runs' counts in one table, their files in the next
        Assert.Equal(["run", "repeats", "format", "losses", "step times", "non-finite losses", "warnings"], tables[0].Header);
        Assert.Equal(["run", "files"], tables[1].Header);
        Assert.Equal("Runs, continued", tables[1].Title);
    }

    [Fact]
    public void On_a_narrow_terminal_a_table_too_wide_turns_on_its_side()
    {
        string text = Render(Build("examples"), width: 80);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        string[] lines = text.Split('\n');
        int speedup = Array.IndexOf(lines, "Speedup against 'baseline' (above 1 is faster; batch-median t test, α = 0.050)");
        Assert.True(speedup > 0);
        // a row per column, a column per compare run
        Assert.Matches(@"^\s+fused$", lines[speedup + 1]);
        Assert.Matches(@"^\s+mean ratio\s+1\.082x$", lines[speedup + 3]);
        Assert.Matches(@"^\s+verdict\s+faster$", lines[speedup + 8]);
        // a table that fits stays as it is
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\s+run\s+step\s+wall time\s+effective speedup\s+step-time speedup$"));
    }

    [Fact]
    public void The_width_is_at_most_100_and_at_least_the_narrowest_layout()
    {
        Assert.Equal(SummaryTables.Width, ConsoleTables.LayoutWidth(new StringWriter()));
        var comparison = Build("examples");
        Assert.Equal(Render(comparison, width: 100), Render(comparison, width: 300)); // wider tables are not easier to read
        string narrow = Render(comparison, width: 10);
        Assert.Equal(ConsoleTables.MinWidth, narrow.Split('\n').Max(l => l.Length)); // laid out for the narrowest, not for 10
    }

    [Fact]
    public void In_colour_titles_are_bold_in_the_terminals_own_colour_and_no_line_ends_in_spaces()
    {
        string text = Render(Build("examples"), color: true);
        Assert.Contains("\u001b[1mSpeedup against 'baseline'", text, StringComparison.Ordinal);
        // no grey anywhere (it vanishes on a light theme): neither the 16-colour greys nor the 256-colour ones
        Assert.DoesNotMatch(@"\u001b\[(?:[0-9;]*;)?(?:90|37|38;5;(?:7|8|24[0-9]|25[0-5]))m", text);
        Assert.DoesNotMatch(@"(?m) +(?:\u001b\[[0-9;]*m)*$", text);
    }

    [Fact]
    public void Verdict_lines_wrap_after_a_clause_and_join_back_into_the_verdict()
    {
        var comparison = Build("repeats");
        string line = VerdictLine.For(comparison.Comparisons[0], comparison.Baseline.Run.Label);
        Assert.True(line.Length > 100, line);
        var wrapped = VerdictLine.Wrap(line, 100);
        Assert.True(wrapped.Count >= 2);
        Assert.All(wrapped, l => Assert.True(l.Length <= 100, l));
        Assert.All(wrapped.Take(wrapped.Count - 1), l => Assert.EndsWith(";", l, StringComparison.Ordinal));
        Assert.All(wrapped.Skip(1), l => Assert.StartsWith("  ", l, StringComparison.Ordinal));
        Assert.Equal(line, string.Join(' ', wrapped.Select(l => l.Trim())));

        // a clause longer than the width breaks between words; a word longer than the width stays whole
        Assert.Equal(["a: one two;", "  three four", "  five; six"], VerdictLine.Wrap("a: one two; three four five; six", 12));
        Assert.Equal(["x:", "  abcdefghijklmnop"], VerdictLine.Wrap("x: abcdefghijklmnop", 5));
        Assert.Equal(["short; line"], VerdictLine.Wrap("short; line", 100));
    }

    [Fact]
    public void The_console_prints_the_verdicts_wrapped_to_the_layout()
    {
        var comparison = Build("repeats");
        string text = Render(comparison);
        string line = VerdictLine.For(comparison.Comparisons[0], comparison.Baseline.Run.Label);
        Assert.EndsWith("\n\n" + string.Join('\n', VerdictLine.Wrap(line, 100)) + "\n", text, StringComparison.Ordinal);
    }
}
