using Pipeline.Core.Operators.Join;

namespace Pipeline.Core.Tests.Operators;

/// <summary>The reference join: a nested loop over plain values, SQL semantics (a null key matches nothing), output as text rows.</summary>
internal static class HashJoinReference
{
    public sealed record Result(List<string> Rows, long MatchedProbe, long UnmatchedProbe, long UnmatchedBuild);

    public static Result Join(HashJoinTestTable probe, HashJoinTestTable build, IReadOnlyList<(string Probe, string Build)> keys, JoinKind kind)
    {
        var pk = keys.Select(k => probe.Index(k.Probe)).ToArray();
        var bk = keys.Select(k => build.Index(k.Build)).ToArray();
        var payload = Enumerable.Range(0, build.Columns.Count).Where(c => !bk.Contains(c)).ToArray();
        var buildMatched = new bool[build.Rows.Count];
        var rows = new List<string>();
        long matchedProbe = 0;
        foreach (var p in probe.Rows)
        {
            bool found = false;
            for (int b = 0; b < build.Rows.Count; b++)
            {
                if (!Equal(p, pk, build.Rows[b], bk)) continue;
                found = true;
                buildMatched[b] = true;
                if (kind is JoinKind.Inner or JoinKind.Left) rows.Add(Row(p, payload.Select(c => build.Rows[b][c])));
            }
            if (found) matchedProbe++;
            if (kind == JoinKind.Left && !found) rows.Add(Row(p, payload.Select(_ => (object?)null)));
            if ((kind == JoinKind.Semi && found) || (kind == JoinKind.Anti && !found)) rows.Add(Row(p, []));
        }
        return new Result(rows, matchedProbe, probe.Rows.Count - matchedProbe, buildMatched.Count(m => !m));
    }

    private static bool Equal(object?[] p, int[] pk, object?[] b, int[] bk)
    {
        for (int k = 0; k < pk.Length; k++)
        {
            object? x = p[pk[k]], y = b[bk[k]];
            if (x is null || y is null) return false;
            if (x is string xs ? !(y is string ys && string.Equals(xs, ys, StringComparison.Ordinal)) : Convert.ToDouble(x) != Convert.ToDouble(y)) return false;
        }
        return true;
    }

    private static string Row(object?[] probe, IEnumerable<object?> build)
        => string.Join("|", probe.Concat(build).Select(HashJoinTestTable.Text));
}
