using Mono.Cecil;
using Mono.Cecil.Cil;
using TrainCompare.Pipeline;

namespace TrainCompare.Tests.Architecture;

/// <summary>
/// docs/architecture.md's rule, checked on the compiled assemblies: data flows Common → Reading → Formats →
/// Profiles → Runs → Analysis → Reports → Pipeline, and a namespace uses only the layers above it. The CLI sits on top and
/// reaches the stages only through the pipeline and the few option types it maps arguments to.
/// Every reference in the IL counts: signatures, base types, locals, and each type, method and field an
/// instruction names, so a fully qualified call in a method body is caught as well as a <c>using</c>.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>
    /// The library's layers, lowest first: Common holds the shared types (Metrics, Finding, the exception); Profiles
    /// reads profiler files beside the log formats, below the runs that carry them (its analysis is in Analysis).
    /// </summary>
    private static readonly string[] Stages = ["Common", "Reading", "Formats", "Profiles", "Runs", "Analysis", "Reports", "Pipeline"];

    private static int Stage(string name) => Array.IndexOf(Stages, name);

    /// <summary>
    /// What the CLI may use below the pipeline: the request's option and setting types it fills from arguments,
    /// the seams whose lists make its option values and help (Outputs, LogFormats), the run it hands back to
    /// the pipeline, and the result it turns into an exit code (the comparison, its gates, the JSON for --json -).
    /// Anything else (a parser, a statistic, a chart) is the library's business.
    /// </summary>
    private static readonly string[] CliSurface =
    [
        "TrainCompare.Analysis.Alignment", "TrainCompare.Analysis.ComparisonOptions", "TrainCompare.Analysis.GateOptions",
        "TrainCompare.Analysis.Comparison", "TrainCompare.Analysis.GateResult", "TrainCompare.Reports.JsonReport", "TrainCompare.Formats.FormatOption", "TrainCompare.Formats.FormatOptions",
        "TrainCompare.Formats.LogFormats", "TrainCompare.Reading.InputPaths", "TrainCompare.Reports.IOutput",
        "TrainCompare.Reports.OutputKind", "TrainCompare.Reports.Outputs", "TrainCompare.Reports.OutputSettings",
        "TrainCompare.Reports.VerdictLine", "TrainCompare.Runs.Run",
    ];

    [Fact]
    public void No_stage_uses_a_stage_below_it()
    {
        var edges = Edges(typeof(ComparisonPipeline).Assembly.Location);
        var violations = edges
            .Where(e => e.From.Stage is not { } from || e.To.Stage is not { } to || to > from)
            .Select(e => $"{e.From.Type} ({Name(e.From.Stage)}) uses {e.To.Type} ({Name(e.To.Stage)})")
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(violations.Length == 0, "layers using layers below them (or types outside every layer):\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_common_types_use_no_stage()
    {
        var edges = Edges(typeof(ComparisonPipeline).Assembly.Location);
        Assert.Contains(edges, e => e.To.Stage == 0); // the stages do use them
        Assert.DoesNotContain(edges, e => e.From.Stage == 0 && e.To.Stage != 0);
    }

    [Fact]
    public void The_cli_reaches_the_stages_only_through_the_pipeline_and_its_option_types()
    {
        var edges = Edges(Path.Combine(AppContext.BaseDirectory, "traincmp.dll"));
        int pipeline = Array.IndexOf(Stages, "Pipeline");
        var violations = edges
            .Where(e => e.From.Stage is null && e.To.Stage is { } to && to != 0 && to != pipeline && !CliSurface.Contains(e.To.Type))
            .Select(e => $"{e.From.Type} (CLI) uses {e.To.Type} ({Name(e.To.Stage)})")
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(violations.Length == 0, "the CLI using the stages directly:\n" + string.Join('\n', violations));
        Assert.Contains(edges, e => e.From.Stage is null && e.To.Stage == pipeline); // not vacuous
    }

    [Fact]
    public void The_scan_sees_references_in_method_bodies_and_signatures()
    {
        // not vacuous: the edges the design requires are found, including one made only inside a method body
        var edges = Edges(typeof(ComparisonPipeline).Assembly.Location);
        Assert.Contains(edges, e => e.From.Stage == Stage("Reports") && e.To.Stage == Stage("Analysis"));
        Assert.Contains(edges, e => e.From.Stage == Stage("Runs") && e.To.Stage == Stage("Formats"));
        Assert.Contains(edges, e => e.From.Stage == Stage("Runs") && e.To.Stage == Stage("Profiles")); // a run carries its profiles
        Assert.Contains(edges, e => e.From.Stage == Stage("Analysis") && e.To.Stage == Stage("Profiles"));
        Assert.Contains(edges, e => e.From.Stage == Stage("Profiles") && e.To.Stage == Stage("Reading"));
        Assert.Contains(edges, e => e.From.Type == "TrainCompare.Runs.RunReader" && e.To.Type == "TrainCompare.Reading.InputFile");
        Assert.Contains(edges, e => e.From.Type == "TrainCompare.Pipeline.ComparisonPipeline" && e.To.Stage == Stage("Reports"));
    }

    private static string Name(int? stage) => stage is { } s ? Stages[s] : "no layer";

    private sealed record Node(string Type, int? Stage);

    private sealed record Edge(Node From, Node To);

    /// <summary>Every reference from a TrainCompare type of the assembly at <paramref name="path"/> to one of the library's.</summary>
    private static List<Edge> Edges(string path)
    {
        string library = typeof(ComparisonPipeline).Assembly.GetName().Name!;
        using var module = ModuleDefinition.ReadModule(path);
        var edges = new List<Edge>();
        foreach (var type in module.GetTypes())
        {
            var from = NodeOf(type);
            if (from is null)
            {
                continue;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in References(type))
            {
                if (Resolve(used, module, library) is { } to && to.Type != from.Type && seen.Add(to.Type))
                {
                    edges.Add(new Edge(from, to));
                }
            }
        }
        return edges;
    }

    /// <summary>The outermost declaring type's full name and layer (null for none: the CLI); null outside TrainCompare (compiler helpers).</summary>
    private static Node? NodeOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }
        string ns = type.Namespace;
        if (ns != "TrainCompare" && !ns.StartsWith("TrainCompare.", StringComparison.Ordinal))
        {
            return null;
        }
        string[] parts = ns.Split('.');
        int stage = parts.Length > 1 ? Array.IndexOf(Stages, parts[1]) : -1;
        return new Node(type.FullName, stage >= 0 ? stage : null);
    }

    /// <summary>A referenced type of the library (arrays, generics and by-refs unwrapped), or null.</summary>
    private static Node? Resolve(TypeReference? type, ModuleDefinition module, string library)
    {
        while (type is TypeSpecification spec && type is not GenericInstanceType)
        {
            type = spec.ElementType;
        }
        if (type is null)
        {
            return null;
        }
        if (type is GenericInstanceType generic)
        {
            type = generic.ElementType;
        }
        // a type of the library is a definition or a reference scoped to this module (when scanning the library), or
        // a reference to the library's assembly (when scanning the CLI); others name another assembly
        bool ofLibrary = module.Assembly.Name.Name == library
            ? type is TypeDefinition || type.Scope == module
            : type.Scope is AssemblyNameReference a && a.Name == library;
        return ofLibrary ? NodeOf(type) : null;
    }

    private static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        if (type.BaseType is not null)
        {
            foreach (var t in Expand(type.BaseType)) yield return t;
        }
        foreach (var i in type.Interfaces)
        {
            foreach (var t in Expand(i.InterfaceType)) yield return t;
        }
        foreach (var field in type.Fields)
        {
            foreach (var t in Expand(field.FieldType)) yield return t;
        }
        foreach (var property in type.Properties)
        {
            foreach (var t in Expand(property.PropertyType)) yield return t;
        }
        foreach (var method in type.Methods)
        {
            foreach (var t in Signature(method)) yield return t;
            if (!method.HasBody)
            {
                continue;
            }
            foreach (var local in method.Body.Variables)
            {
                foreach (var t in Expand(local.VariableType)) yield return t;
            }
            foreach (var instruction in method.Body.Instructions)
            {
                IEnumerable<TypeReference> named = instruction.Operand switch
                {
                    TypeReference t => Expand(t),
                    MethodReference m => Expand(m.DeclaringType).Concat(Signature(m)),
                    FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
                    _ => [],
                };
                foreach (var t in named) yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> Signature(MethodReference method)
    {
        foreach (var t in Expand(method.ReturnType)) yield return t;
        foreach (var p in method.Parameters)
        {
            foreach (var t in Expand(p.ParameterType)) yield return t;
        }
        if (method is GenericInstanceMethod g)
        {
            foreach (var a in g.GenericArguments)
            {
                foreach (var t in Expand(a)) yield return t;
            }
        }
    }

    /// <summary>The type and every type argument inside it.</summary>
    private static IEnumerable<TypeReference> Expand(TypeReference? type)
    {
        if (type is null)
        {
            yield break;
        }
        yield return type;
        var element = type;
        while (element is TypeSpecification spec and not GenericInstanceType)
        {
            element = spec.ElementType;
        }
        if (element is GenericInstanceType generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                foreach (var t in Expand(argument)) yield return t;
            }
        }
    }
}
