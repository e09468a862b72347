using Apache.Arrow;
using Pipeline.Core.Execution;

namespace Pipeline.Core.Streams;

/// <summary>
/// A transform that needs to know where a batch sits in the input, e.g. to report failing rows by their index.
/// The runner calls this overload instead of <see cref="IBatchTransform.Apply"/>. <c>firstRow</c> is the 0-based
/// index, among the rows the source produced, of the batch's first row as the source delivered it; it stays exact
/// for this transform only when no earlier transform removes rows, so put such transforms first.
/// </summary>
public interface IPositionedBatchTransform : IBatchTransform
{
    /// <summary>Transforms one batch whose first row is source row <paramref name="firstRow"/>.</summary>
    RecordBatch Apply(RecordBatch batch, long firstRow, PipelineContext context);
}
