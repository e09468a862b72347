using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Core.Quarantine;

/// <summary>
/// The layout of <c>quarantine.parquet</c>: the input's data columns (all nullable; null for rows a reader rejected,
/// since those never became values), then the columns that say why: <c>_stage</c>, <c>_source</c>, <c>_row</c> (0-based
/// row index in the source's rows, for rows that failed a rule), <c>_line</c> (1-based text line, for rows a reader
/// rejected), <c>_rule</c> (the failed rules, comma-separated), <c>_reason</c> (all reasons, <c>; </c>-separated) and
/// <c>_record</c> (the raw text a reader rejected).
/// </summary>
public static class QuarantineFile
{
    /// <summary>Names of the explanation columns, in order.</summary>
    public static readonly string[] MetaColumns = ["_stage", "_source", "_row", "_line", "_rule", "_reason", "_record"];

    /// <summary>The file schema for a data schema (data columns of unsupported types are left out).</summary>
    public static Schema For(Schema? data)
    {
        var b = new Schema.Builder();
        if (data is not null)
            foreach (var f in data.FieldsList.Where(f => NullColumns.Supports(f.DataType) && !MetaColumns.Contains(f.Name)))
                b.Field(new Field(f.Name, f.DataType, nullable: true, f.HasMetadata ? f.Metadata : null));
        b.Field(f => f.Name("_stage").DataType(StringType.Default).Nullable(false));
        b.Field(f => f.Name("_source").DataType(StringType.Default).Nullable(false));
        b.Field(f => f.Name("_row").DataType(Int64Type.Default).Nullable(true));
        b.Field(f => f.Name("_line").DataType(Int64Type.Default).Nullable(true));
        b.Field(f => f.Name("_rule").DataType(StringType.Default).Nullable(true));
        b.Field(f => f.Name("_reason").DataType(StringType.Default).Nullable(false));
        b.Field(f => f.Name("_record").DataType(StringType.Default).Nullable(true));
        return b.Build();
    }

    /// <summary>Reader-rejected rows (<see cref="QuarantineCollector.RowSchema"/>) in the file layout.</summary>
    public static RecordBatch FromRejected(Schema file, RecordBatch rejected)
    {
        int n = rejected.Length;
        int dataCount = file.FieldsList.Count - MetaColumns.Length;
        var columns = new List<IArrowArray>(file.FieldsList.Count);
        for (int i = 0; i < dataCount; i++) columns.Add(NullColumns.Create(file.GetFieldByIndex(i).DataType, n));
        columns.Add(rejected.Column("stage"));
        columns.Add(rejected.Column("source"));
        columns.Add(NullColumns.Create(Int64Type.Default, n));
        columns.Add(rejected.Column("line"));
        columns.Add(NullColumns.Create(StringType.Default, n));
        columns.Add(rejected.Column("reason"));
        columns.Add(rejected.Column("record"));
        return new RecordBatch(file, columns, n);
    }

    /// <summary>Rows that failed rules, with their data, in the file layout.</summary>
    public static RecordBatch FromRuleFailures(Schema file, RecordBatch data, string stage, string source,
        IReadOnlyList<long> rows, IReadOnlyList<string> rules, IReadOnlyList<string> reasons, RowLines? lines = null)
    {
        int n = data.Length;
        int dataCount = file.FieldsList.Count - MetaColumns.Length;
        var columns = new List<IArrowArray>(file.FieldsList.Count);
        for (int i = 0; i < dataCount; i++) columns.Add(data.Column(file.GetFieldByIndex(i).Name));
        var stages = new StringArray.Builder(); var sources = new StringArray.Builder();
        var rowIndex = new Int64Array.Builder(); var ruleNames = new StringArray.Builder(); var why = new StringArray.Builder();
        var lineNumbers = new Int64Array.Builder();
        for (int i = 0; i < n; i++)
        {
            // The reader's file and line when it recorded them: every quarantined row traces back to its text line.
            if (lines is not null && lines.TryGet(rows[i], out var rowFile, out long line))
            {
                sources.Append(rowFile);
                lineNumbers.Append(line);
            }
            else
            {
                sources.Append(source);
                lineNumbers.AppendNull();
            }
            stages.Append(stage); rowIndex.Append(rows[i]); ruleNames.Append(rules[i]); why.Append(reasons[i]);
        }
        columns.Add(stages.Build()); columns.Add(sources.Build()); columns.Add(rowIndex.Build());
        columns.Add(lineNumbers.Build());
        columns.Add(ruleNames.Build()); columns.Add(why.Build());
        columns.Add(NullColumns.Create(StringType.Default, n));
        return new RecordBatch(file, columns, n);
    }
}
