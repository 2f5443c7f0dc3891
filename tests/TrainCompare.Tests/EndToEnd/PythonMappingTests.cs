using System.Text.Json;
using System.Text.RegularExpressions;
using TrainCompare.Reports;

namespace TrainCompare.Tests.EndToEnd;

/// <summary>
/// The Python package's mirror of the JSON report (python/src/traincmp/_schema.py) keeps up with
/// <see cref="JsonReport"/>: the same schema version, and a field for every key the tool writes. It reads unknown
/// keys into <c>extra</c>, so an old mapping still works; this test says what to add when the report grows.
/// </summary>
public sealed partial class PythonMappingTests() : TempDirectory("traincmp-python-mapping-")
{
    private static string SchemaModule
    {
        get
        {
            string root = Path.GetDirectoryName(Traincmp.ExamplesDir)!;
            return File.ReadAllText(Path.Combine(root, "python", "src", "traincmp", "_schema.py"));
        }
    }

    [Fact]
    public void The_python_package_reads_the_schema_version_the_tool_writes()
    {
        var m = SchemaVersionLine().Match(SchemaModule);
        Assert.True(m.Success, "_schema.py declares SCHEMA_VERSION = N");
        Assert.True(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) == JsonReport.SchemaVersion,
            $"python/src/traincmp/_schema.py reads schema version {m.Groups[1].Value}, the tool writes {JsonReport.SchemaVersion}: "
            + "update the dataclasses there and SCHEMA_VERSION");
    }

    [Fact]
    public void Every_key_of_the_json_report_has_a_python_field()
    {
        // repeats (noise floor), every gate, a margin, throughput: every key the writer has
        string examples = Traincmp.ExamplesDir;
        string baseline = Path.Combine(examples, "baseline.txt");
        var r = Traincmp.Run(Dir, "--baseline", $"{baseline},{baseline}", "--compare", Path.Combine(examples, "fused.txt"),
            "--plots", "none", "--min-speedup", "1.0", "--max-loss-diff", "0.01", "--fail-on-nan", "--json", "-");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        Collect(doc.RootElement, keys, parentIsMap: false);
        keys.Remove("schemaVersion");
        var fields = new HashSet<string>(FieldLine().Matches(SchemaModule).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
        var missing = keys.Where(k => !fields.Contains(SnakeCase(k))).ToList();
        Assert.True(missing.Count == 0,
            $"python/src/traincmp/_schema.py has no field for {string.Join(", ", missing)}: add it (snake_case) to its dataclass");
        Assert.Contains("finalWindowPValue", keys); // the walk reached the nested objects
    }

    private static void Collect(JsonElement e, SortedSet<string> keys, bool parentIsMap)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (!parentIsMap)
                {
                    keys.Add(p.Name);
                }
                // "metrics" maps metric names (the log's own) to objects: its keys are data, its values' keys are fields
                Collect(p.Value, keys, parentIsMap: !parentIsMap && p.Name == "metrics");
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                Collect(item, keys, parentIsMap: false);
            }
        }
    }

    private static string SnakeCase(string camel) => UpperCase().Replace(camel, m => "_" + m.Value.ToLowerInvariant());

    [GeneratedRegex(@"^SCHEMA_VERSION = (\d+)$", RegexOptions.Multiline)]
    private static partial Regex SchemaVersionLine();

    [GeneratedRegex(@"^    ([a-z][a-z0-9_]*): ", RegexOptions.Multiline)]
    private static partial Regex FieldLine();

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();
}
