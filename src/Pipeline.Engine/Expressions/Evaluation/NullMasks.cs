namespace Pipeline.Engine.Expressions.Evaluation;

/// <summary>Null masks (true = null) combined without allocating when no side has nulls.</summary>
internal static class NullMasks
{
    public static bool[]? Or(bool[]? a, bool[]? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var r = new bool[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] | b[i];
        return r;
    }

    public static bool[]? Or(IEnumerable<Vector> vectors)
    {
        bool[]? r = null;
        foreach (var v in vectors) r = Or(r, v.Nulls);
        return r;
    }

    /// <summary>A writable copy of <paramref name="nulls"/> (all false when null), for functions that add nulls.</summary>
    public static bool[] Copy(bool[]? nulls, int length) => nulls is null ? new bool[length] : (bool[])nulls.Clone();

    /// <summary>Null when no row is null, so writers can skip the validity bitmap.</summary>
    public static bool[]? Trim(bool[] nulls) => Array.IndexOf(nulls, true) < 0 ? null : nulls;
}
