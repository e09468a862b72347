using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Options;

namespace Pipeline.Core.Streams.RowGroups;

/// <summary>
/// One file of an <see cref="IRowGroupSource"/>, opened for a reader that plans each row group itself. Every failure
/// of the underlying reader is a <see cref="Errors.PipelineException"/> naming the file. Not thread-safe: open one
/// per thread.
/// </summary>
public interface IRowGroupFile : IDisposable
{
    /// <summary>The file path.</summary>
    string Path { get; }

    /// <summary>The file's Arrow schema (every top-level field).</summary>
    Schema Schema { get; }

    /// <summary>Number of row groups.</summary>
    int RowGroupCount { get; }

    /// <summary>File size in bytes.</summary>
    long FileSize { get; }

    /// <summary>Rows in <paramref name="rowGroup"/> as the footer declares them, and the compressed bytes of all its
    /// columns (what progress counts).</summary>
    (long Rows, long CompressedBytes) Sizes(int rowGroup);

    /// <summary>What the footer proves about field <paramref name="field"/> in <paramref name="rowGroup"/>.</summary>
    ColumnChunkFacts Facts(int rowGroup, int field);

    /// <summary>Whether field <paramref name="field"/> is a flat UTF-8 column that <see cref="ReadText"/> can read.</summary>
    bool IsFlatText(int field);

    /// <summary>A page-level reader of the flat UTF-8 field <paramref name="field"/> in <paramref name="rowGroup"/>,
    /// reading up to <paramref name="batchSize"/> rows at a time.</summary>
    ITextPageReader ReadText(int rowGroup, int field, int batchSize);

    /// <summary>Checks a column nothing reads: every page read, checksum-verified, decompressed and decoded, and the
    /// chunk must hold <paramref name="declaredRows"/> rows; no array is built.</summary>
    /// <exception cref="Errors.PipelineException">A page is corrupt or rows are missing; the message names the file,
    /// row group and column.</exception>
    void VerifyColumn(int rowGroup, int field, long declaredRows);

    /// <summary>Refuses a row group whose <paramref name="fields"/> would not fit the memory limit uncompressed.</summary>
    /// <exception cref="Errors.PipelineException">Kind <see cref="Errors.PipelineErrorKind.ResourcesExhausted"/>.</exception>
    void RequireFits(int rowGroup, IReadOnlyList<int> fields, PipelineOptions options);

    /// <summary>The batches of <paramref name="rowGroup"/> holding only <paramref name="fields"/> (indices into
    /// <see cref="Schema"/>, ascending), with the schema those fields make.</summary>
    (Schema Schema, IArrowArrayStream Batches) Read(int rowGroup, IReadOnlyList<int> fields);

    /// <summary>Requires this file to have the same schema as <paramref name="first"/>, so both read as one table.</summary>
    /// <exception cref="Errors.PipelineException">Kind <see cref="Errors.PipelineErrorKind.Schema"/>.</exception>
    void RequireSameSchema(IRowGroupFile first);
}
