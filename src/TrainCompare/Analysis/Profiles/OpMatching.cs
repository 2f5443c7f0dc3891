using TrainCompare.Profiles;

namespace TrainCompare.Analysis;

/// <summary>How a row of the op table was matched.</summary>
public enum OpMatch
{
    /// <summary>The same op (key) in both runs.</summary>
    Same,

    /// <summary>Kernels that differ (another vendor, another library version), compared under the CPU op that launched them.</summary>
    Launcher,

    /// <summary>Ops on one side only, grouped as the fusion they most likely are.</summary>
    Fusion,
}

/// <summary>One row before its statistics: the ops of each side it sums (indices into each run's <see cref="RunProfile.Ops"/>).</summary>
public sealed record MatchedOps(string Label, OpMatch Match, IReadOnlyList<int> Baseline, IReadOnlyList<int> Run)
{
    /// <summary>The CPU op that launched the row's kernels (PyTorch); null for none (tt-metal, fusions).</summary>
    public string? Launcher { get; init; }
}

/// <summary>
/// Pairs two runs' ops, in four passes: (1) equal keys; (2) of what is left on each side, one kernel launched by
/// other CPU ops; (3) kernels under the same launching CPU op (then under the op around that, twice), so that
/// kernels of two GPU vendors or library versions still compare under <c>aten::mm</c>; (4) what is still left — ops only one run has — grouped as fusions by aligning
/// one step of each run (<see cref="SequenceDiff"/>): ops removed and ops added between the same neighbours belong
/// to one fusion ("removed Pad, Slice, Tilize, Untilize; added NLPConcatHeads, Reshard").
/// </summary>
public static class OpMatching
{
    /// <summary>A row that groups more ops names this many, then "…".</summary>
    public const int NamesShown = 4;

    public static IReadOnlyList<MatchedOps> Match(RunProfile baseline, RunProfile run)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(run);
        var baseTime = Totals(baseline);
        var runTime = Totals(run);
        var runByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < run.Ops.Count; i++)
        {
            runByKey[run.Ops[i].Key] = i;
        }
        var rows = new List<MatchedOps>();
        var onlyBase = new List<int>();
        var matchedRun = new HashSet<int>();
        for (int i = 0; i < baseline.Ops.Count; i++)
        {
            if (baseTime.Calls[i] <= 0)
            {
                continue;
            }
            if (runByKey.TryGetValue(baseline.Ops[i].Key, out int j) && runTime.Calls[j] > 0)
            {
                rows.Add(new MatchedOps(baseline.Ops[i].Name, OpMatch.Same, [i], [j]) { Launcher = baseline.Ops[i].Launcher });
                matchedRun.Add(j);
            }
            else
            {
                onlyBase.Add(i);
            }
        }
        var onlyRun = Enumerable.Range(0, run.Ops.Count).Where(j => runTime.Calls[j] > 0 && !matchedRun.Contains(j)).ToList();

        // (2) the same kernel launched from another CPU op (a renamed wrapper, a compiled graph)
        if (onlyBase.Count > 0 && onlyRun.Count > 0)
        {
            var byName = onlyRun.GroupBy(j => run.Ops[j].Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach (var group in onlyBase.GroupBy(i => baseline.Ops[i].Name, StringComparer.Ordinal).ToArray())
            {
                if (baseline.Ops[group.First()].Launcher is null || !byName.TryGetValue(group.Key, out var theirs))
                {
                    continue;
                }
                var ours = group.ToList();
                rows.Add(new MatchedOps(group.Key, OpMatch.Same, ours, theirs)
                {
                    Launcher = Launchers(ours.Select(i => baseline.Ops[i])) + " → " + Launchers(theirs.Select(j => run.Ops[j])),
                });
                onlyBase.RemoveAll(ours.Contains);
                onlyRun.RemoveAll(theirs.Contains);
            }
        }

        // (3) under the launching CPU op, then the ops around it
        for (int level = 0; level < 3 && onlyBase.Count > 0 && onlyRun.Count > 0; level++)
        {
            var left = onlyBase.Where(i => Around(baseline.Ops[i], level) is not null).GroupBy(i => Around(baseline.Ops[i], level)!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var right = onlyRun.Where(j => Around(run.Ops[j], level) is not null).GroupBy(j => Around(run.Ops[j], level)!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            foreach (var (launcher, ours) in left.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (!right.TryGetValue(launcher, out var theirs))
                {
                    continue;
                }
                rows.Add(new MatchedOps(level == 0 ? "kernels differ" : "kernels and the ops under it differ", OpMatch.Launcher, ours, theirs)
                {
                    Launcher = launcher,
                });
                onlyBase.RemoveAll(ours.Contains);
                onlyRun.RemoveAll(theirs.Contains);
            }
        }

        // (4) fusions: ops of one side only, grouped by where they sit in one aligned step
        if (onlyBase.Count > 0 || onlyRun.Count > 0)
        {
            rows.AddRange(Fusions(baseline, run, onlyBase, onlyRun, baseTime.Ns, runTime.Ns));
        }
        return rows;
    }

    private static string Launchers(IEnumerable<ProfileOp> ops)
    {
        var names = ops.Select(o => o.Launcher ?? "none").Distinct(StringComparer.Ordinal).ToArray();
        return string.Join(", ", names.Take(2)) + (names.Length > 2 ? ", …" : "");
    }

    /// <summary>The launcher (level 0) or the op <paramref name="level"/> levels around it; null when there is none.</summary>
    private static string? Around(ProfileOp op, int level) => level == 0 ? op.Launcher : level - 1 < op.Ancestors.Count ? op.Ancestors[level - 1] : null;

    /// <summary>Each op's calls and time over every step.</summary>
    private static (double[] Calls, double[] Ns) Totals(RunProfile profile)
    {
        var calls = new double[profile.Ops.Count];
        var ns = new double[profile.Ops.Count];
        foreach (var step in profile.Steps)
        {
            for (int i = 0; i < step.OpNs.Length; i++)
            {
                calls[i] += step.Calls[i];
                ns[i] += step.OpNs[i];
            }
        }
        return (calls, ns);
    }

    private static IEnumerable<MatchedOps> Fusions(RunProfile baseline, RunProfile run, List<int> onlyBase, List<int> onlyRun, double[] baseNs, double[] runNs)
    {
        // both sequences in one alphabet: the op keys
        var alphabet = new Dictionary<string, int>(StringComparer.Ordinal);
        int Symbol(string key)
        {
            if (!alphabet.TryGetValue(key, out int s))
            {
                s = alphabet.Count;
                alphabet.Add(key, s);
            }
            return s;
        }
        var a = baseline.Sequence.Select(i => Symbol(baseline.Ops[i].Key)).ToArray();
        var b = run.Sequence.Select(j => Symbol(run.Ops[j].Key)).ToArray();
        var hunks = a.Length <= 50_000 && b.Length <= 50_000 ? SequenceDiff.Hunks(a, b) : null;

        // union-find over the one-sided ops: those changed in one hunk belong together
        var removed = onlyBase.ToHashSet();
        var added = onlyRun.ToHashSet();
        var parent = new Dictionary<(bool Run, int Op), (bool, int)>();
        (bool, int) Find((bool, int) x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }
            return x;
        }
        foreach (int i in onlyBase)
        {
            parent[(false, i)] = (false, i);
        }
        foreach (int j in onlyRun)
        {
            parent[(true, j)] = (true, j);
        }
        var placed = new HashSet<(bool, int)>();
        foreach (var hunk in hunks ?? [])
        {
            var members = hunk.Deleted.Select(k => baseline.Sequence[k]).Where(removed.Contains).Select(i => (false, i))
                .Concat(hunk.Inserted.Select(k => run.Sequence[k]).Where(added.Contains).Select(j => (true, j))).Distinct().ToArray();
            for (int m = 0; m < members.Length; m++)
            {
                placed.Add(members[m]);
                if (m > 0)
                {
                    parent[Find(members[m])] = Find(members[0]);
                }
            }
        }
        // ops the aligned step does not place (other steps only, or no alignment): one group, most likely one change
        var unplaced = parent.Keys.Where(x => !placed.Contains(x)).ToArray();
        for (int m = 1; m < unplaced.Length; m++)
        {
            parent[Find(unplaced[m])] = Find(unplaced[0]);
        }
        foreach (var group in parent.Keys.GroupBy(Find).OrderByDescending(g => g.Sum(x => x.Item1 ? runNs[x.Item2] : baseNs[x.Item2])))
        {
            var ours = group.Where(x => !x.Item1).Select(x => x.Item2).OrderByDescending(i => baseNs[i]).ToArray();
            var theirs = group.Where(x => x.Item1).Select(x => x.Item2).OrderByDescending(j => runNs[j]).ToArray();
            yield return new MatchedOps(FusionLabel(ours.Select(i => baseline.Ops[i]), theirs.Select(j => run.Ops[j])), OpMatch.Fusion, ours, theirs);
        }
    }

    /// <summary>"removed Pad, Slice, …; added NLPConcatHeads" (the ops in order of time, the largest first).</summary>
    private static string FusionLabel(IEnumerable<ProfileOp> removed, IEnumerable<ProfileOp> added)
    {
        var parts = new List<string>();
        if (Names(removed) is { Length: > 0 } r)
        {
            parts.Add("removed " + r);
        }
        if (Names(added) is { Length: > 0 } a)
        {
            parts.Add("added " + a);
        }
        return string.Join("; ", parts);
    }

    /// <summary>How a list of ops names one: with its launcher, when it has one.</summary>
    public static string Display(ProfileOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        return op.Launcher is { } l ? $"{op.Name} ({l})" : op.Name;
    }

    private static string Names(IEnumerable<ProfileOp> ops)
    {
        var names = ops.Select(o => o.Launcher is { } l ? $"{KernelNames.Shorten(o.Name, 40)} ({l})" : o.Name).Distinct(StringComparer.Ordinal).ToArray();
        return names.Length <= NamesShown ? string.Join(", ", names)
            : string.Join(", ", names.Take(NamesShown)) + $", … ({names.Length - NamesShown} more)";
    }
}
