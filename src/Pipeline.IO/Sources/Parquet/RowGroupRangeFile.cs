using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Options;
using Pipeline.Core.Streams.RowGroups;

namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// The row groups <c>[start, end)</c> of a file seen as a file of its own (<c>--row-groups</c>): row group 0 here is
/// row group <c>start</c> there, so the validation scan reads a partition unchanged. Owns the file it wraps.
/// </summary>
internal sealed class RowGroupRangeFile(IRowGroupFile file, int start, int end) : IRowGroupFile
{
    public string Path => file.Path;
    public Schema Schema => file.Schema;
    public int RowGroupCount => end - start;
    public long FileSize => file.FileSize;
    public (long Rows, long CompressedBytes) Sizes(int rowGroup) => file.Sizes(At(rowGroup));
    public ColumnChunkFacts Facts(int rowGroup, int field) => file.Facts(At(rowGroup), field);
    public bool IsFlatText(int field) => file.IsFlatText(field);
    public ITextPageReader ReadText(int rowGroup, int field, int batchSize) => file.ReadText(At(rowGroup), field, batchSize);
    public void VerifyColumn(int rowGroup, int field, long declaredRows) => file.VerifyColumn(At(rowGroup), field, declaredRows);
    public void RequireFits(int rowGroup, IReadOnlyList<int> fields, PipelineOptions options) => file.RequireFits(At(rowGroup), fields, options);
    public (Schema Schema, IArrowArrayStream Batches) Read(int rowGroup, IReadOnlyList<int> fields) => file.Read(At(rowGroup), fields);
    public void RequireSameSchema(IRowGroupFile first) => file.RequireSameSchema(first is RowGroupRangeFile r ? r.Inner : first);
    public void Dispose() => file.Dispose();

    private IRowGroupFile Inner => file;

    private int At(int rowGroup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroup);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rowGroup, RowGroupCount);
        return start + rowGroup;
    }
}
