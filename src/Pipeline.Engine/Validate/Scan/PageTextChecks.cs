using System.Text;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.IO.Sources.Parquet;

namespace Pipeline.Engine.Validate.Scan;

/// <summary>
/// Checks the keeping rules of one text column (<c>not_null</c>, sets, lengths, regexes, email/uuid shapes; no
/// filter) on a Parquet column chunk's page values, with no Arrow array in between. Values of a dictionary-encoded
/// page share the dictionary's bytes, so a small per-batch cache keyed by address tests each distinct value about
/// once. Counts and the lowest failing rows go into the rules' tallies exactly as the transform would put them.
/// </summary>
internal static class PageTextChecks
{
    /// <summary>Whether a rule can be checked here: a keeping rule on its column alone, without a filter.</summary>
    public static bool Handles(RowCheck check) => check.Rule.Filter is null && check.Rule.EffectiveAction == RuleAction.Keep
        && (check.Rule.Kind == RuleKind.NotNull || check.TextCheck is not null);

    /// <summary>Reads the chunk to its end; returns its rows and nulls.</summary>
    public static (long Rows, long Nulls) Run(ParquetTextColumnReader reader, long firstRow, IReadOnlyList<RowCheck> checks,
        IReadOnlyList<RuleTally> tallies, CancellationToken token)
    {
        int k = checks.Count;
        var text = checks.Select(c => c.Rule.Kind == RuleKind.NotNull ? null : c.TextCheck).ToArray();
        var caches = text.Select(t => t is null ? null : new AnswerCache()).ToArray();
        var failed = new long[k];
        // Rows only grow, so once a tally wants no later row it never will again in this chunk.
        var wantsMore = Enumerable.Repeat(true, k).ToArray();
        long row = firstRow, nulls = 0;
        int rows;
        while ((rows = reader.ReadBatch()) > 0)
        {
            token.ThrowIfCancellationRequested();
            var levels = reader.DefinitionLevels;
            short present = reader.MaxDefinitionLevel;
            int batchNulls = 0;
            foreach (short level in levels) batchNulls += level < present ? 1 : 0;
            nulls += batchNulls;
            // Rule by rule over the batch (the views stay valid until the next read): each loop does one thing.
            for (int r = 0; r < k; r++)
            {
                if (text[r] is not { } check)
                {
                    for (int i = 0; i < rows && batchNulls > 0; i++)
                        if (levels[i] < present) Fail(r, row + i, "null");
                    continue;
                }
                var cache = caches[r]!;
                cache.Clear();
                if (batchNulls == 0)
                {
                    // Every row holds a value: row i is value i.
                    for (int v = 0; v < rows; v++)
                    {
                        var bytes = reader.Value(v);
                        if (cache.Off ? check.FailsValue(bytes) : cache.Fails(check, reader.Address(v), bytes)) Fail(r, row + v, null, bytes);
                    }
                    continue;
                }
                for (int i = 0, v = 0; i < rows; i++)
                {
                    if (levels[i] < present) continue;
                    var bytes = reader.Value(v);
                    bool fails = cache.Off ? check.FailsValue(bytes) : cache.Fails(check, reader.Address(v), bytes);
                    v++;
                    if (fails) Fail(r, row + i, null, bytes);
                }
            }
            row += rows;
        }
        for (int r = 0; r < k; r++) tallies[r].Add(failed[r]);
        return (row - firstRow, nulls);

        void Fail(int r, long at, string? shown, ReadOnlySpan<byte> bytes = default)
        {
            failed[r]++;
            if (!wantsMore[r]) return;
            if (!tallies[r].Wants(at)) { wantsMore[r] = false; return; }
            // As RowCheck.Value shows it: a text value quoted, a null as null.
            tallies[r].Offer(at, shown ?? "'" + Encoding.UTF8.GetString(bytes) + "'");
        }
    }

    /// <summary>A direct-mapped cache of a check's answers by value address, valid for one batch (page buffers may be
    /// reused after it). Dictionary pages hit it almost always; on plain pages, where every value has its own address,
    /// it turns itself off for the rest of the batch once the first lookups show it missing.</summary>
    private sealed class AnswerCache
    {
        private const int Size = 1024, Trial = 256;
        private readonly nint[] _address = new nint[Size];
        private readonly int[] _length = new int[Size];
        private readonly bool[] _fails = new bool[Size];
        private int _lookups, _hits;
        private bool _off;

        /// <summary>The cache gave up on this batch (plain page): callers ask the check directly.</summary>
        public bool Off => _off;

        public void Clear()
        {
            Array.Clear(_address);
            _lookups = _hits = 0;
            _off = false;
        }

        public bool Fails(Utf8Check check, nint address, ReadOnlySpan<byte> bytes)
        {
            if (address == 0) return check.FailsValue(bytes);
            if (++_lookups == Trial && _hits < Trial / 2) _off = true;
            // Fibonacci hashing spreads addresses that differ only in their low bits (packed dictionary entries).
            int slot = (int)(((ulong)address * 0x9E3779B97F4A7C15UL) >> 54);
            if (_address[slot] == address && _length[slot] == bytes.Length)
            {
                _hits++;
                return _fails[slot];
            }
            bool fails = check.FailsValue(bytes);
            _address[slot] = address;
            _length[slot] = bytes.Length;
            _fails[slot] = fails;
            return fails;
        }
    }
}
