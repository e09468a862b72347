using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Learn;

/// <summary>
/// One side of a deterministic row split of a source: a row goes to the held-out side when a hash of its input row
/// index falls below the held-out fraction, so the split is the same on every run and at any batch size.
/// </summary>
public sealed class HoldoutSource(ISource inner, double fraction, bool heldOut) : ISource
{
    /// <inheritdoc/>
    public string Format => inner.Format;

    /// <inheritdoc/>
    public IReadOnlyList<string> Files => inner.Files;

    /// <summary>Whether input row <paramref name="row"/> is held out.</summary>
    public static bool IsHeldOut(long row, double fraction)
    {
        // SplitMix64 finalizer: consecutive rows spread uniformly over [0, 1).
        ulong z = (ulong)row + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53)) < fraction;
    }

    /// <inheritdoc/>
    public IArrowArrayStream Open(PipelineContext context)
    {
        var stream = inner.Open(context);
        return BatchStream.From(stream.Schema, Filter(stream, context));
    }

    private async IAsyncEnumerable<RecordBatch> Filter(IArrowArrayStream stream, PipelineContext context)
    {
        using (stream)
        {
            long row = 0;
            while (await stream.ReadNextRecordBatchAsync(context.CancellationToken).ConfigureAwait(false) is { } batch)
            {
                var keep = new bool[batch.Length];
                int count = 0;
                for (int i = 0; i < keep.Length; i++)
                    if (keep[i] = IsHeldOut(row + i, fraction) == heldOut) count++;
                row += batch.Length;
                if (count == batch.Length) { yield return batch; continue; }
                yield return Validate.Evaluation.RowSelection.Take(batch, keep, count);
            }
        }
    }
}
