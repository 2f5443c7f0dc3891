namespace TrainCompare.Analysis;

/// <summary>
/// Where two op sequences differ: Myers' O((N+M)D) shortest edit script, as <c>diff</c> finds changed lines, cut into
/// hunks — each a stretch of ops deleted from the first and inserted into the second between two ops both share.
/// A fusion shows as one hunk repeated in every layer: the ops it removed, and the one that took their place.
/// </summary>
public static class SequenceDiff
{
    /// <summary>One stretch of change: indices into the first sequence deleted, and into the second inserted.</summary>
    public sealed record Hunk(IReadOnlyList<int> Deleted, IReadOnlyList<int> Inserted);

    /// <summary>The hunks turning <paramref name="a"/> into <paramref name="b"/>; null when they differ in more than <paramref name="maxEdits"/> places.</summary>
    public static IReadOnlyList<Hunk>? Hunks(IReadOnlyList<int> a, IReadOnlyList<int> b, int maxEdits = 4000)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
        {
            suffix++;
        }
        int n = a.Count - prefix - suffix, m = b.Count - prefix - suffix;
        var edits = Script(i => a[prefix + i], n, j => b[prefix + j], m, maxEdits);
        if (edits is null)
        {
            return null;
        }
        var hunks = new List<Hunk>();
        List<int>? deleted = null, inserted = null;
        foreach (var (kind, index) in edits)
        {
            if (kind == 0)
            {
                if (deleted is not null)
                {
                    hunks.Add(new Hunk(deleted, inserted!));
                    deleted = inserted = null;
                }
                continue;
            }
            deleted ??= [];
            inserted ??= [];
            (kind < 0 ? deleted : inserted).Add(prefix + index);
        }
        if (deleted is not null)
        {
            hunks.Add(new Hunk(deleted, inserted!));
        }
        return hunks;
    }

    /// <summary>The edit script in order: (0, i) keep a[i]; (-1, i) delete a[i]; (+1, j) insert b[j]. Null past <paramref name="maxEdits"/>.</summary>
    private static List<(int Kind, int Index)>? Script(Func<int, int> a, int n, Func<int, int> b, int m, int maxEdits)
    {
        int max = n + m;
        var v = new int[2 * max + 3];
        int offset = max + 1;
        var trace = new List<int[]>();
        int found = -1;
        for (int d = 0; d <= Math.Min(max, maxEdits); d++)
        {
            for (int k = -d; k <= d; k += 2)
            {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a(x) == b(y))
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
            }
            trace.Add(v[(offset - d)..(offset + d + 1)]);
            if (v[offset + n - m] >= n && ((n - m + d) & 1) == 0 && Math.Abs(n - m) <= d)
            {
                found = d;
                break;
            }
        }
        if (found < 0)
        {
            return null;
        }
        var edits = new List<(int, int)>();
        int cx = n, cy = m;
        for (int d = found; d > 0; d--)
        {
            var prev = trace[d - 1]; // V after d-1, indexed by k + (d - 1)
            int k = cx - cy;
            int V(int kk) => prev[kk + d - 1];
            int prevK = k == -d || (k != d && V(k - 1) < V(k + 1)) ? k + 1 : k - 1;
            int prevX = V(prevK), prevY = prevX - prevK;
            int startX = prevK == k + 1 ? prevX : prevX + 1; // where the snake after the move starts
            while (cx > startX)
            {
                cx--;
                cy--;
                edits.Add((0, cx));
            }
            edits.Add(prevK == k + 1 ? (1, prevY) : (-1, prevX));
            (cx, cy) = (prevX, prevY);
        }
        while (cx > 0)
        {
            cx--;
            edits.Add((0, cx));
        }
        edits.Reverse();
        return edits;
    }
}
