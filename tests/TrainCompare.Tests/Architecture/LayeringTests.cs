using Mono.Cecil;
using Mono.Cecil.Cil;

namespace TrainCompare.Tests.Architecture;

/// <summary>
/// docs/architecture.md's rule, checked on the compiled library: data flows Reading → Formats → Runs →
/// Analysis → Reports, and a stage's namespace uses only the stages above it (and the shared root types).
/// Every reference in the IL counts: signatures, base types, locals, and each type, method and field an
/// instruction names, so a fully qualified call in a method body is caught as well as a <c>using</c>.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] Stages = ["Reading", "Formats", "Runs", "Analysis", "Reports"];

    /// <summary>Root-namespace types every stage may use; the pipeline and its request sit above all stages.</summary>
    private static readonly string[] Shared = ["TrainCompare.TrainCompareException", "TrainCompare.Metrics"];

    [Fact]
    public void No_stage_uses_a_stage_below_it()
    {
        var edges = Edges();
        var violations = edges
            .Where(e => e.From.Stage is { } from && (e.To.Stage is { } to ? to > from : !Shared.Contains(e.To.Type)))
            .Select(e => $"{e.From.Type} ({Name(e.From.Stage)}) uses {e.To.Type} ({Name(e.To.Stage)})")
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(violations.Length == 0, "stages using stages below them:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_scan_sees_references_in_method_bodies_and_signatures()
    {
        // not vacuous: the edges the design requires are found, including one made only inside a method body
        var edges = Edges();
        Assert.Contains(edges, e => e.From.Stage == 4 && e.To.Stage == 3); // Reports uses Analysis
        Assert.Contains(edges, e => e.From.Stage == 2 && e.To.Stage == 1); // Runs uses Formats
        Assert.Contains(edges, e => e.From.Type == "TrainCompare.Runs.RunReader" && e.To.Type == "TrainCompare.Reading.InputFile");
        Assert.Contains(edges, e => e.From.Type == "TrainCompare.ComparisonPipeline" && e.To.Stage == 4);
    }

    private static string Name(int? stage) => stage is { } s ? Stages[s] : "root";

    private sealed record Node(string Type, int? Stage);

    private sealed record Edge(Node From, Node To);

    private static List<Edge> Edges()
    {
        string path = typeof(ComparisonPipeline).Assembly.Location;
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
                if (Resolve(used, module) is { } to && to.Type != from.Type && seen.Add(to.Type))
                {
                    edges.Add(new Edge(from, to));
                }
            }
        }
        return edges;
    }

    /// <summary>The outermost declaring type's full name and stage; null outside TrainCompare (compiler helpers).</summary>
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

    /// <summary>A referenced type of this library (arrays, generics and by-refs unwrapped), or null.</summary>
    private static Node? Resolve(TypeReference? type, ModuleDefinition module)
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
        // a type of this library is a definition, or a reference whose scope is this module (others name an assembly)
        return type is TypeDefinition || type.Scope == module ? NodeOf(type) : null;
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
