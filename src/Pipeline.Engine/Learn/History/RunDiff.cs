using System.Globalization;
using Pipeline.Core.History;

namespace Pipeline.Engine.Learn.History;

/// <summary>What changed per column between two recorded runs: schema, null fraction, mean, distinct count, top values,
/// and the distance between their distributions. Small differences in floating-point metrics are not changes.</summary>
public static class RunDiff
{
    /// <summary>The changes from <paramref name="a"/> to <paramref name="b"/>, in <paramref name="b"/>'s column order (removed columns last).</summary>
    public static IReadOnlyList<ColumnChange> Compare(RunRecord a, RunRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var before = a.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var after = b.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var changes = new List<ColumnChange>();
        foreach (var now in b.Columns)
        {
            if (!before.TryGetValue(now.Name, out var was)) { changes.Add(new(now.Name, "column", null, $"added ({now.Type})")); continue; }
            if (was.Type != now.Type) changes.Add(new(now.Name, "type", was.Type, now.Type));
            if (Differ(was.NullFraction, now.NullFraction)) changes.Add(new(now.Name, "null_fraction", F(was.NullFraction), F(now.NullFraction)));
            if (was.Mean is { } m1 && now.Mean is { } m2 && Differ(m1, m2)) changes.Add(new(now.Name, "mean", F(m1), F(m2)));
            if (was.DistinctEstimate != now.DistinctEstimate)
                changes.Add(new(now.Name, "distinct", was.DistinctEstimate.ToString(CultureInfo.InvariantCulture), now.DistinctEstimate.ToString(CultureInfo.InvariantCulture)));
            if (Top(was) != Top(now)) changes.Add(new(now.Name, "top_values", Top(was), Top(now)));
            if (was.Kind == "numeric" && now.Kind == "numeric" && PopulationStability.Compute(was, now) is var (psi, _) && psi >= 0.001)
                changes.Add(new(now.Name, "psi", null, F(psi)));
            else if (was.Kind == now.Kind && now.Kind is "string" or "boolean" && JensenShannon.Distance(was, now) is var (js, _) && js >= 0.001)
                changes.Add(new(now.Name, "js_distance", null, F(js)));
        }
        foreach (var gone in a.Columns.Where(c => !after.Contains(c.Name))) changes.Add(new(gone.Name, "column", $"removed ({gone.Type})", null));
        return changes;
    }

    // Relative 1e-6: what survives the store's round trip and summation order unchanged.
    private static bool Differ(double x, double y) => Math.Abs(x - y) > 1e-6 * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));

    private static string F(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>The first five top values with their shares of the non-null rows.</summary>
    private static string Top(ColumnMetrics c)
    {
        long n = Math.Max(1, c.Rows - c.Nulls);
        return string.Join(", ", c.TopValues.Take(5).Select(t => $"{t.Value} {100.0 * t.Count / n:0.#}%"));
    }
}
