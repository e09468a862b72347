using Apache.Arrow;

namespace Pipeline.Core.Streams;

/// <summary>
/// An analyzer whose answer depends on row order (monotonicity, gaps between consecutive timestamps). Workers see
/// batches out of order, so the runner passes each batch's sequence number (0, 1, 2, ... in source order) and the
/// state keeps per-batch summaries that it orders by sequence when it reports.
/// </summary>
public interface IOrderedAnalyzer : IAnalyzer
{
    /// <summary>Folds batch number <paramref name="sequence"/> (source order). The runner calls this instead of
    /// <see cref="IAnalyzer.Update"/>.</summary>
    void Update(RecordBatch batch, long sequence);
}
