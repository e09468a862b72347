using System.Text;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Core.Streams.RowGroups;

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
        && (check.Kind.ChecksNullsOnly || check.TextCheck is not null);

    /// <summary>Reads the chunk to its end; returns its rows and nulls.</summary>
    public static (long Rows, long Nulls) Run(ITextPageReader reader, long firstRow, IReadOnlyList<RowCheck> checks,
        IReadOnlyList<RuleTally> tallies, CancellationToken token)
    {
        var rules = checks.Select((c, r) => new RuleProgress(tallies[r], c.Kind.ChecksNullsOnly ? null : c.TextCheck)).ToArray();
        long row = firstRow, nulls = 0;
        int rows;
        while ((rows = reader.ReadBatch()) > 0)
        {
            token.ThrowIfCancellationRequested();
            var levels = reader.DefinitionLevels;
            short present = reader.MaxDefinitionLevel;
            // A value is present exactly where its level is the maximum: counting those is one vectorized pass.
            int batchNulls = levels.IsEmpty ? 0 : rows - levels.Count(present);
            nulls += batchNulls;
            // Rule by rule over the batch (the views stay valid until the next read): each loop does one thing.
            for (int r = 0; r < rules.Length; r++)
            {
                var rule = rules[r];
                try
                {
                    switch (rule.Check)
                    {
                        case null:
                            for (int i = 0; i < rows && batchNulls > 0; i++)
                                if (levels[i] < present) rule.Fail(row + i, "null", default);
                            break;
                        // The common checks get a loop of their own, with the test called directly rather than virtually.
                        case Utf8RegexCheck regex: CheckValues(new RegexTest(regex.Regex), rule, reader, rows, batchNulls, row); break;
                        default: CheckValues(new AnyTest(rule.Check), rule, reader, rows, batchNulls, row); break;
                    }
                }
                catch (System.Text.RegularExpressions.RegexMatchTimeoutException ex)
                {
                    throw RowCheck.RegexTimedOut(checks[r].Rule, ex);
                }
            }
            row += rows;
        }
        foreach (var rule in rules) rule.Tally.Add(rule.Failed);
        return (row - firstRow, nulls);
    }

    /// <summary>One batch of one rule: every value through the answer cache (or straight to the test once the cache
    /// gave up), failures into the rule's progress. Generic over the test so each kind gets its own compiled loop.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void CheckValues<TTest>(TTest test, RuleProgress rule, ITextPageReader reader, int rows, int batchNulls, long firstRow)
        where TTest : struct, IValueTest
    {
        var cache = rule.Cache;
        cache.Clear();
        var levels = reader.DefinitionLevels;
        var values = reader.Values;
        short present = reader.MaxDefinitionLevel;
        int i = 0, v = 0;
        // Through the answer cache while it pays (dictionary pages) or is still on trial; without nulls in the batch,
        // row i holds value i.
        for (; i < rows && !cache.Off; i++)
        {
            if (batchNulls > 0 && levels[i] < present) continue;
            var bytes = values[v].Bytes;
            bool fails = cache.Fails(test, values[v].Pointer, bytes);
            v++;
            if (fails) rule.Fail(firstRow + i, null, bytes);
        }
        // Plain pages, once the cache gave up: straight to the test.
        if (batchNulls == 0)
        {
            for (; i < rows; i++)
            {
                var bytes = values[i].Bytes;
                if (test.Fails(bytes)) rule.Fail(firstRow + i, null, bytes);
            }
            return;
        }
        for (; i < rows; i++)
        {
            if (levels[i] < present) continue;
            var bytes = values[v++].Bytes;
            if (test.Fails(bytes)) rule.Fail(firstRow + i, null, bytes);
        }
    }

    /// <summary>A value test, as a struct so generic loops call it directly.</summary>
    private interface IValueTest
    {
        bool Fails(ReadOnlySpan<byte> value);
    }

    private readonly struct RegexTest(Kernels.Text.Utf8Regex regex) : IValueTest
    {
        public bool Fails(ReadOnlySpan<byte> value) => !regex.IsMatch(value);
    }

    private readonly struct AnyTest(Utf8Check check) : IValueTest
    {
        public bool Fails(ReadOnlySpan<byte> value) => check.FailsValue(value);
    }

    /// <summary>One rule's count, examples and cache over a chunk.</summary>
    private sealed class RuleProgress(RuleTally tally, Utf8Check? check)
    {
        public RuleTally Tally { get; } = tally;
        public Utf8Check? Check { get; } = check;
        public AnswerCache Cache { get; } = new();
        public long Failed;
        // Rows only grow, so once the tally wants no later row it never will again in this chunk.
        private bool _wantsMore = true;

        public void Fail(long row, string? shown, ReadOnlySpan<byte> bytes)
        {
            Failed++;
            if (!_wantsMore) return;
            if (!Tally.Wants(row)) { _wantsMore = false; return; }
            // As RowCheck.Value shows it: a text value quoted, a null as null.
            Tally.Offer(row, shown ?? "'" + Encoding.UTF8.GetString(bytes) + "'");
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

        public bool Fails<TTest>(TTest test, nint address, ReadOnlySpan<byte> bytes) where TTest : struct, IValueTest
        {
            if (address == 0) return test.Fails(bytes);
            if (++_lookups == Trial && _hits < Trial / 2) _off = true;
            // Fibonacci hashing spreads addresses that differ only in their low bits (packed dictionary entries).
            int slot = (int)(((ulong)address * 0x9E3779B97F4A7C15UL) >> 54);
            if (_address[slot] == address && _length[slot] == bytes.Length)
            {
                _hits++;
                return _fails[slot];
            }
            bool fails = test.Fails(bytes);
            _address[slot] = address;
            _length[slot] = bytes.Length;
            _fails[slot] = fails;
            return fails;
        }
    }
}
