namespace Pipeline.Core.Streams.RowGroups;

/// <summary>
/// Reads one flat UTF-8 column chunk from its decoded pages, batch by batch, without building Arrow arrays: each
/// value is a view of page (or dictionary) bytes, so equal dictionary values share a pointer. A batch's views stay
/// valid until the next <see cref="ReadBatch"/>.
/// </summary>
public interface ITextPageReader : IDisposable
{
    /// <summary>The definition level of a non-null value (0: the column is required and has no nulls).</summary>
    short MaxDefinitionLevel { get; }

    /// <summary>Per row of the last batch, its definition level (a row is null when below
    /// <see cref="MaxDefinitionLevel"/>); empty for a required column.</summary>
    ReadOnlySpan<short> DefinitionLevels { get; }

    /// <summary>The non-null values of the last batch, packed: the k-th non-null row holds value k.</summary>
    ReadOnlySpan<TextView> Values { get; }

    /// <summary>Reads the next batch; returns its rows (0 at the end of the chunk).</summary>
    /// <exception cref="Errors.PipelineException">The page data is corrupt.</exception>
    int ReadBatch();
}
