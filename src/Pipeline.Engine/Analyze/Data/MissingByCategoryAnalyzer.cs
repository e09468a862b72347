using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Analyze.Data;

/// <summary>
/// Finds missing values that follow from another column (structural, not a defect): a column that is null in every
/// row of some categories of a low-cardinality column and in no row of the others, like <c>shipped_at</c> when
/// <c>status</c> is <c>new</c> or <c>paid</c>. Exact over all rows: per category of each text or boolean column with
/// at most <see cref="MaxCategories"/> values, its rows and each other column's nulls; a column with more categories is
/// dropped at once. Mergeable (categories are matched by value, not by code).
/// </summary>
internal sealed class MissingByCategoryAnalyzer : IAnalyzer
{
    /// <summary>Most categories a grouping column may have.</summary>
    public const int MaxCategories = 16;

    /// <summary>Most columns considered, as groups and as null columns.</summary>
    public const int MaxColumns = 64;

    private string[]? _names;
    private Group?[]? _groups;

    /// <summary>One candidate grouping column: its categories (index = code), rows per category, and per other column
    /// its nulls per category.</summary>
    private sealed class Group
    {
        public readonly List<string> Values = [];
        public readonly Dictionary<string, int> Codes = new(StringComparer.Ordinal);
        public readonly long[] Rows = new long[MaxCategories];
        public readonly long[][] Nulls;

        public Group(int columns)
        {
            Nulls = new long[columns][];
            for (int c = 0; c < columns; c++) Nulls[c] = new long[MaxCategories];
        }

        /// <summary>The code of <paramref name="value"/>, or -1 when the column has too many categories.</summary>
        public int CodeOf(string value)
        {
            if (Codes.TryGetValue(value, out int code)) return code;
            if (Values.Count == MaxCategories) return -1;
            Codes[value] = Values.Count;
            Values.Add(value);
            return Values.Count - 1;
        }
    }

    /// <inheritdoc/>
    public string Name => "report_missing_by_category";

    /// <inheritdoc/>
    public IAnalyzer CreateEmpty() => new MissingByCategoryAnalyzer();

    /// <inheritdoc/>
    public void Update(RecordBatch batch)
    {
        Start(batch.Schema);
        int columns = _names!.Length;
        var codes = new int[batch.Length];
        // Each column's null rows are found once per batch, whatever the number of grouping columns.
        var nullRows = new int[]?[columns];
        for (int g = 0; g < columns; g++)
        {
            if (_groups![g] is not { } group) continue;
            if (!Encode(batch.Column(g), group, codes)) { _groups[g] = null; continue; }
            for (int i = 0; i < batch.Length; i++) group.Rows[codes[i]]++;
            for (int c = 0; c < columns; c++)
            {
                if (c == g) continue;
                var rows = nullRows[c] ??= NullRows(batch.Column(c));
                var nulls = group.Nulls[c];
                foreach (int i in rows) nulls[codes[i]]++;
            }
        }
    }

    private static int[] NullRows(IArrowArray column)
    {
        if (column.NullCount == 0) return [];
        var rows = new int[column.NullCount];
        int n = 0;
        for (int i = 0; i < column.Length && n < rows.Length; i++)
            if (column.IsNull(i)) rows[n++] = i;
        return rows;
    }

    private void Start(Schema schema)
    {
        if (_names is not null) return;
        _names = schema.FieldsList.Take(MaxColumns).Select(f => f.Name).ToArray();
        _groups = schema.FieldsList.Take(MaxColumns)
            .Select(f => f.DataType is StringType or BooleanType ? new Group(_names.Length) : null).ToArray();
    }

    /// <summary>Each row's category code; false when the column has more than <see cref="MaxCategories"/>.</summary>
    private static bool Encode(IArrowArray array, Group group, int[] codes)
    {
        if (array is StringArray strings) return EncodeStrings(strings, group, codes);
        for (int i = 0; i < array.Length; i++)
        {
            string value = array.IsNull(i) ? "" : array switch
            {
                StringArray s => s.GetString(i),
                BooleanArray b => b.GetValue(i) == true ? "true" : "false",
                _ => "",
            };
            int code = group.CodeOf(array.IsNull(i) ? NullCategory : value);
            if (code < 0) return false;
            codes[i] = code;
        }
        return true;
    }

    /// <summary>Text values looked up by their characters, decoded into a reused buffer: no string per row (a
    /// string is made only for a new category).</summary>
    private static bool EncodeStrings(StringArray array, Group group, int[] codes)
    {
        var lookup = group.Codes.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[256];
        for (int i = 0; i < array.Length; i++)
        {
            int code;
            if (array.IsNull(i)) code = group.CodeOf(NullCategory);
            else
            {
                var bytes = array.GetBytes(i);
                if (bytes.Length <= buffer.Length && System.Text.Encoding.UTF8.TryGetChars(bytes, buffer, out int chars)
                    && lookup.TryGetValue(buffer[..chars], out int known)) code = known;
                else code = group.CodeOf(array.GetString(i));
            }
            if (code < 0) return false;
            codes[i] = code;
        }
        return true;
    }

    /// <summary>How a null grouping value is named (it is a category of its own).</summary>
    private const string NullCategory = "\u0000null";

    /// <inheritdoc/>
    public void Merge(IAnalyzer other)
    {
        var o = (MissingByCategoryAnalyzer)other;
        if (o._names is null) return;
        if (_names is null) { _names = o._names; _groups = o._groups; return; }
        for (int g = 0; g < _names.Length; g++)
        {
            if (_groups![g] is not { } mine) continue;
            if (o._groups![g] is not { } theirs) { _groups[g] = null; continue; }
            var map = new int[theirs.Values.Count];
            bool fits = true;
            for (int k = 0; k < theirs.Values.Count && fits; k++) fits = (map[k] = mine.CodeOf(theirs.Values[k])) >= 0;
            if (!fits) { _groups[g] = null; continue; }
            for (int k = 0; k < theirs.Values.Count; k++)
            {
                mine.Rows[map[k]] += theirs.Rows[k];
                for (int c = 0; c < _names.Length; c++) mine.Nulls[c][map[k]] += theirs.Nulls[c][k];
            }
        }
    }

    /// <summary>Every column whose missing values are exactly the rows of some categories of another column: the
    /// first such grouping column in column order, when the column has at least <paramref name="minimumRows"/> null and
    /// non-null rows (fewer could be coincidence).</summary>
    public IReadOnlyList<StructuralMissing> Results(long minimumRows = 10)
    {
        var found = new List<StructuralMissing>();
        if (_names is null) return found;
        for (int c = 0; c < _names.Length; c++)
        {
            for (int g = 0; g < _names.Length; g++)
            {
                if (g == c || _groups![g] is not { } group) continue;
                long nullRows = 0, presentRows = 0;
                var when = new List<string>();
                bool clean = true;
                for (int k = 0; k < group.Values.Count && clean; k++)
                {
                    long rows = group.Rows[k], nulls = group.Nulls[c][k];
                    if (rows == 0) continue;
                    if (nulls == rows) { when.Add(group.Values[k]); nullRows += nulls; }
                    else if (nulls == 0) presentRows += rows;
                    else clean = false;
                }
                if (!clean || nullRows < minimumRows || presentRows < minimumRows) continue;
                found.Add(new StructuralMissing(_names[c], _names[g],
                    when.Select(v => v == NullCategory ? "null" : v).Order(StringComparer.Ordinal).ToList(), nullRows, nullRows + presentRows));
                break;
            }
        }
        return found;
    }
}

/// <summary>A column missing exactly in the rows where another column holds some values.</summary>
/// <param name="Column">The column with missing values.</param>
/// <param name="ByColumn">The column that explains them.</param>
/// <param name="WhenValues">The values of <paramref name="ByColumn"/> in whose rows <paramref name="Column"/> is always missing (and nowhere else).</param>
/// <param name="NullRows">Rows where <paramref name="Column"/> is missing.</param>
/// <param name="Rows">Rows counted.</param>
public sealed record StructuralMissing(string Column, string ByColumn, IReadOnlyList<string> WhenValues, long NullRows, long Rows);
