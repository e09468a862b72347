using Apache.Arrow;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Joins probe batches against a finished, in-memory <see cref="JoinHashTable"/> on one thread at a time, with its
/// own key buffers, output buffers and counts, so several workers can probe the same table at once (the table is
/// only read; a match mark only ever sets a bit). <see cref="HashJoinStream"/> hands batches to workers and puts
/// their outputs back in probe order; the counts are added to the join's once the probe side ended.
/// </summary>
internal sealed class JoinProbeWorker
{
    private readonly JoinHashTable _table;
    private readonly JoinKeyEncoder _keys;
    private readonly JoinProber _prober;

    /// <param name="plan">The join's keys and output.</param>
    /// <param name="table">The build side, finished.</param>
    /// <param name="batchRows">Most rows per output batch.</param>
    public JoinProbeWorker(JoinPlan plan, JoinHashTable table, int batchRows)
    {
        _table = table;
        _keys = new JoinKeyEncoder(plan.ProbeKeys);
        _prober = new JoinProber(plan.Kind, plan.Output, batchRows, Statistics);
    }

    /// <summary>This worker's probe rows and their matched and unmatched counts.</summary>
    public JoinStatistics Statistics { get; } = new();

    /// <summary>The whole output for <paramref name="batch"/>, in probe order (taking ownership of the batch).</summary>
    public List<RecordBatch> Probe(RecordBatch batch, CancellationToken cancellationToken)
    {
        using (batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Statistics.ProbeRows += batch.Length;
            var outputs = new List<RecordBatch>();
            if (batch.Length == 0) return outputs;
            _keys.Encode(batch);
            try
            {
                foreach (var output in _prober.Probe(_table, batch, _keys)) outputs.Add(output);
            }
            catch
            {
                foreach (var output in outputs) output.Dispose();
                throw;
            }
            return outputs;
        }
    }
}
