namespace Pipeline.IO.Sources.Csv;

/// <summary>Turns header cells into unique column names: empty cells become <c>column_N</c> (N the 1-based position),
/// a repeated name gets <c>_2</c>, <c>_3</c>, ... appended (skipping names already taken).</summary>
internal static class CsvHeaderNames
{
    /// <summary>Unique names for the given header cells.</summary>
    public static string[] MakeUnique(IReadOnlyList<string> cells)
    {
        var names = new string[cells.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < cells.Count; i++)
        {
            var name = cells[i].Trim();
            if (name.Length == 0) name = $"column_{i + 1}";
            if (!taken.Add(name))
            {
                int n = 2;
                while (!taken.Add($"{name}_{n}")) n++;
                name = $"{name}_{n}";
            }
            names[i] = name;
        }
        return names;
    }

    /// <summary>Names for a file without a header: <c>column_1</c> ... <c>column_N</c>.</summary>
    public static string[] Generated(int count) => Enumerable.Range(1, count).Select(i => $"column_{i}").ToArray();
}
