using Pipeline.Engine.Analyze.Profile;

namespace Pipeline.Engine.Analyze.Sampling;

/// <summary>
/// Whole rows of a table, kept by <see cref="TableSampleAnalyzer"/>: every row of a table up to
/// <see cref="TableSampleAnalyzer.DefaultCapacity"/> rows, else a uniform sample of that many. Column-major: numbers
/// (NaN for null; dates and timestamps as seconds since the Unix epoch) or texts (null for null; booleans as
/// <c>true</c>/<c>false</c>). What the segment, group and cross-column analyses read.
/// </summary>
public sealed class TableSample
{
    /// <summary>A sample of <paramref name="rows"/> rows out of <paramref name="totalRows"/>.</summary>
    public TableSample(long totalRows, int rows, IReadOnlyList<SampleColumn> columns)
    {
        TotalRows = totalRows;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Rows in the table.</summary>
    public long TotalRows { get; }
    /// <summary>Rows in the sample.</summary>
    public int Rows { get; }
    /// <summary>True when the sample holds every row (counts are then the table's).</summary>
    public bool IsComplete => Rows == TotalRows;
    /// <summary>The sampled columns, in schema order.</summary>
    public IReadOnlyList<SampleColumn> Columns { get; }

    /// <summary>The column of that name, or null.</summary>
    public SampleColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>No rows.</summary>
    public static TableSample Empty { get; } = new(0, 0, []);
}

/// <summary>One column of a <see cref="TableSample"/>.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Kind">What the column holds.</param>
/// <param name="Numbers">Numeric and date/time values (NaN for null), else null.</param>
/// <param name="Texts">Text and boolean values (null for null), else null.</param>
public sealed record SampleColumn(string Name, ColumnKind Kind, double[]? Numbers, string?[]? Texts)
{
    /// <summary>True for a column of numbers (not dates).</summary>
    public bool IsNumeric => Kind == ColumnKind.Numeric;

    /// <summary>The value of row <paramref name="row"/> as a label: the text, or the number in shortest form.</summary>
    public string? Label(int row) => Texts is not null ? Texts[row]
        : Numbers is not null && !double.IsNaN(Numbers[row]) ? ValueText.Number(Numbers[row]) : null;
}
