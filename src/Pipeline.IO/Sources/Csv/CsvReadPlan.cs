using Apache.Arrow;
using Pipeline.IO.Inference;

namespace Pipeline.IO.Sources.Csv;

/// <summary>What every parsing worker needs to know, fixed before the first chunk: the output schema, which file
/// columns feed it, their types, and which texts mean null. Immutable and shared.</summary>
internal sealed class CsvReadPlan
{
    /// <summary>The output schema (projected columns, in output order).</summary>
    public required Schema Schema { get; init; }
    /// <summary>Column names of the file, in file order.</summary>
    public required IReadOnlyList<string> FileColumns { get; init; }
    /// <summary>For each output column, its index in the file's records.</summary>
    public required int[] Projection { get; init; }
    /// <summary>For each output column, its type.</summary>
    public required ColumnTypeInference[] Types { get; init; }
    /// <summary>Texts (besides the empty field) read as null.</summary>
    public required byte[][] NullValues { get; init; }
    /// <summary>Whether an empty field in a string column is null (otherwise the empty string).</summary>
    public required bool EmptyStringIsNull { get; init; }
    /// <summary>Rows per batch the splitter aims for.</summary>
    public required int BatchRows { get; init; }

    /// <summary>Fields every record must have.</summary>
    public int FieldCount => FileColumns.Count;

    /// <summary>True when <paramref name="value"/> is a null of a column of kind <paramref name="kind"/>.</summary>
    public bool IsNull(ReadOnlySpan<byte> value, InferredKind kind)
    {
        if (value.IsEmpty) return EmptyStringIsNull || kind != InferredKind.String;
        foreach (var n in NullValues)
            if (value.SequenceEqual(n)) return true;
        return false;
    }
}
