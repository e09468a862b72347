using Apache.Arrow;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sources;

/// <summary>Resolves the requested column names (<c>SourceOptions.Columns</c>) against a file's schema.</summary>
internal static class ColumnProjection
{
    /// <summary>Indices of the requested top-level fields in request order, or every field when
    /// <paramref name="columns"/> is null.</summary>
    /// <exception cref="PipelineException">A requested column does not exist; the message lists the columns that do.</exception>
    public static int[] Resolve(Schema schema, IReadOnlyList<string>? columns, string file)
    {
        if (columns is null) return Enumerable.Range(0, schema.FieldsList.Count).ToArray();
        var indices = new int[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            int index = schema.GetFieldIndex(columns[i]);
            if (index < 0)
                throw new PipelineException(PipelineErrorKind.InvalidInput,
                    $"{file}: column '{columns[i]}' not found (available: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})");
            if (indices.AsSpan(0, i).Contains(index))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"{file}: column '{columns[i]}' is requested twice");
            indices[i] = index;
        }
        return indices;
    }

    /// <summary>The schema holding only the fields at <paramref name="indices"/>, in that order.</summary>
    public static Schema Select(Schema schema, int[] indices)
        => new(indices.Select(i => schema.FieldsList[i]), schema.Metadata);

    /// <summary>A batch holding only the columns at <paramref name="indices"/>; the other columns are disposed.</summary>
    public static RecordBatch Select(RecordBatch batch, Schema projected, int[] indices)
    {
        if (indices.Length == batch.ColumnCount && indices.Select((v, i) => v == i).All(x => x)) return batch;
        var arrays = indices.Select(batch.Column).ToList();
        var kept = new HashSet<int>(indices);
        for (int i = 0; i < batch.ColumnCount; i++)
            if (!kept.Contains(i)) batch.Column(i).Dispose();
        return new RecordBatch(projected, arrays, batch.Length);
    }
}
