namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>Order statistics and grouping helpers for the holistic measures.</summary>
internal static class Selection
{
    /// <summary>
    /// Puts the <paramref name="k"/>-th smallest value at index k, smaller or equal values before it and larger or
    /// equal after it (quickselect with a median-of-three pivot: linear on average, unlike a sort).
    /// </summary>
    public static long Select(Span<long> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) >> 1);
            if (values[mid] < values[lo]) (values[mid], values[lo]) = (values[lo], values[mid]);
            if (values[hi] < values[lo]) (values[hi], values[lo]) = (values[lo], values[hi]);
            if (values[hi] < values[mid]) (values[hi], values[mid]) = (values[mid], values[hi]);
            long pivot = values[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
        return values[k];
    }

    /// <summary>
    /// DuckDB's <c>quantile_disc</c> index among <paramref name="n"/> sorted values: max(1, n - floor(n - n·q)) - 1,
    /// the first value whose cumulative share reaches q (checked against DuckDB 1.5: q = 0.75 of [1, 2] is 2).
    /// </summary>
    public static int DiscreteIndex(int n, double q)
    {
        double floored = Math.Floor(n - n * q);
        return (int)Math.Max(1, n - (long)floored) - 1;
    }

    /// <summary>
    /// Reorders <paramref name="values"/> in place so that the values of group g lie in
    /// [<paramref name="offsets"/>[g], offsets[g + 1]) (an in-place counting sort by group; order within a group
    /// is not kept). <paramref name="groupOf"/> is reordered alongside.
    /// </summary>
    public static void GroupInPlace<T>(Span<int> groupOf, Span<T> values, ReadOnlySpan<int> offsets)
    {
        int groups = offsets.Length - 1;
        var cursor = offsets[..groups].ToArray();
        for (int g = 0; g < groups; g++)
        {
            int end = offsets[g + 1];
            while (cursor[g] < end)
            {
                int i = cursor[g];
                int target = groupOf[i];
                if (target == g)
                {
                    cursor[g]++;
                    continue;
                }
                // Each swap puts the value at i into its own group's next free place.
                int j = cursor[target]++;
                (groupOf[i], groupOf[j]) = (groupOf[j], groupOf[i]);
                (values[i], values[j]) = (values[j], values[i]);
            }
        }
    }

    /// <summary>Start offsets of each group's values (length groups + 1) from the group of every value.</summary>
    public static int[] Offsets(ReadOnlySpan<int> groupOf, int groups)
    {
        var offsets = new int[groups + 1];
        foreach (int g in groupOf) offsets[g + 1]++;
        for (int g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
        return offsets;
    }
}
