using Apache.Arrow;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Probes a <see cref="JoinHashTable"/> with one batch whose keys were just encoded and returns the join's output
/// for it in batches of at most the run's batch size, in probe order: each probe row followed by its matches in
/// build order (inner, left), an unmatched left row once with null build columns, a semi row once if it matched,
/// an anti row when it did not. Pairs are collected into index lists and gathered column by column, and a row with
/// thousands of matches is cut across output batches (the cursor resumes mid-bucket).
/// <para>
/// Block mode (<c>matched</c> given): the table holds only part of a partition's build rows, so whether a probe
/// row matched at all is known only after every part; the prober then emits only matched pairs (inner, left) and
/// marks matched probe rows, and the caller emits the semi, anti and unmatched left rows at the end.
/// </para>
/// </summary>
internal sealed class JoinProber(JoinKind kind, JoinOutput output, int batchRows, JoinStatistics statistics)
{
    // How many rows ahead the three prefetch stages run (see JoinHashTable.PrefetchBucket).
    private const int PrefetchFar = 16;
    private const int PrefetchNear = 8;
    private const int PrefetchKeyBytes = 4;

    private readonly int[] _probeRows = new int[batchRows];
    private readonly RowRef[] _buildRows = new RowRef[batchRows];

    private sealed class Cursor
    {
        public int Row;
        public int Chain;
        public int End;
        public bool Started;
        public bool Found;
    }

    /// <summary>The output for <paramref name="batch"/> (keys encoded in <paramref name="keys"/>, which must not be reused meanwhile).</summary>
    /// <param name="table">The build rows.</param>
    /// <param name="batch">The probe batch (not owned).</param>
    /// <param name="keys">The probe batch's encoded keys.</param>
    /// <param name="matched">Block mode: per probe row of the partition, set when the row matched.</param>
    /// <param name="matchedBase">Index in <paramref name="matched"/> of the batch's first row.</param>
    public IEnumerable<RecordBatch> Probe(JoinHashTable table, RecordBatch batch, JoinKeyEncoder keys, bool[]? matched = null, int matchedBase = 0)
    {
        var cursor = new Cursor();
        while (cursor.Row < keys.Rows)
        {
            int count = Fill(table, keys, cursor, matched, matchedBase);
            if (count > 0) yield return output.Gather(batch, _probeRows.AsSpan(0, count), table, _buildRows.AsSpan(0, count));
        }
    }

    private int Fill(JoinHashTable table, JoinKeyEncoder keys, Cursor c, bool[]? matched, int matchedBase)
    {
        int count = 0;
        var probeRows = _probeRows;
        var buildRows = _buildRows;
        int capacity = probeRows.Length;
        int n = keys.Rows;
        var valid = keys.Valid;
        var hashes = keys.Hashes;
        bool pairs = kind is JoinKind.Inner or JoinKind.Left;
        // The cursor lives in locals (registers) while rows are probed and is stored back whenever the loop stops.
        int r = c.Row, chain = c.Chain, end = c.End;
        bool started = c.Started, found = c.Found;
        long matchedRows = 0, unmatchedRows = 0;
        while (r < n)
        {
            if (!started)
            {
                if (r + PrefetchFar < n && valid[r + PrefetchFar]) table.PrefetchBucket(hashes[r + PrefetchFar]);
                if (r + PrefetchNear < n && valid[r + PrefetchNear]) table.PrefetchEntries(hashes[r + PrefetchNear]);
                if (r + PrefetchKeyBytes < n && valid[r + PrefetchKeyBytes]) table.PrefetchKey(hashes[r + PrefetchKeyBytes]);
                if (valid[r]) (chain, end) = table.Bucket(hashes[r]);
                else chain = end = 0;
                found = false;
                started = true;
            }
            // Every match is visited, for semi and anti too, so the build side's unmatched count is exact.
            for (; chain < end; chain++)
            {
                if (!table.KeyEquals(chain, keys, r)) continue;
                if (pairs)
                {
                    if (count == capacity) return Stop(c, r, chain, end, started, found, matchedRows, unmatchedRows, count);
                    probeRows[count] = r;
                    buildRows[count++] = table.Ref(chain);
                }
                table.MarkMatched(chain);
                found = true;
            }
            if (matched is not null)
            {
                if (found) matched[matchedBase + r] = true;
            }
            else
            {
                bool emit = kind switch
                {
                    JoinKind.Left or JoinKind.Anti => !found,
                    JoinKind.Semi => found,
                    _ => false,
                };
                if (emit && count == capacity) return Stop(c, r, chain, end, started, found, matchedRows, unmatchedRows, count);
                if (found) matchedRows++;
                else unmatchedRows++;
                if (emit)
                {
                    probeRows[count] = r;
                    buildRows[count++] = RowRef.Null;
                }
            }
            r++;
            started = false;
        }
        return Stop(c, r, chain, end, started, found, matchedRows, unmatchedRows, count);
    }

    /// <summary>Stores the cursor back and adds the counts (parameters, not a closure: captured locals would live in
    /// memory rather than registers during the loop).</summary>
    private int Stop(Cursor c, int row, int chain, int end, bool started, bool found, long matchedRows, long unmatchedRows, int count)
    {
        (c.Row, c.Chain, c.End, c.Started, c.Found) = (row, chain, end, started, found);
        statistics.MatchedProbeRows += matchedRows;
        statistics.UnmatchedProbeRows += unmatchedRows;
        return count;
    }
}
