using Pipeline.Engine.Validate.Evaluation.Keys;
using Pipeline.Kernels.Hashing;

namespace Pipeline.Engine.Partitioned;

/// <summary>
/// A uniqueness rule's keys over several partitions: the union of their key sets gives the distinct count, the keys
/// added minus that the duplicates, so a key repeated in two partitions counts as a duplicate as in one run. Exact
/// for number keys (kept as themselves); for text keys (kept as 64-bit XxHash64) exact unless two distinct keys
/// collide, which for n distinct keys happens with probability at most n²/2⁶⁵. Examples of number keys are the
/// smallest duplicated keys, as in one run (found again from the partitions' key sets and their own duplicates); text
/// keys, kept as hashes, show the duplicates each partition found within itself.
/// </summary>
internal sealed class MergedKeys : IDistinctKeyCounter
{
    private readonly long _distinct;

    /// <summary>Unites the partitions' keys; <paramref name="rule"/> and <paramref name="keyTypes"/> (its key columns'
    /// types) display number keys as a run does.</summary>
    public MergedKeys(IReadOnlyList<RuleState> states, Validate.Rule rule, IReadOnlyList<Apache.Arrow.Types.IArrowType>? keyTypes)
    {
        var union = new Int64HashSet();
        var examples = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var s in states)
        {
            foreach (var k in s.Keys ?? []) union.Add(k);
            Added += s.KeysAdded;
            KeyValuesAreHashes |= s.KeysAreHashes;
            foreach (var e in s.KeyExamples) examples.Add(e);
        }
        _distinct = union.Count;
        Examples = !KeyValuesAreHashes && keyTypes is not null && RuleKeys.CreateCounter(rule, keyTypes, null) is DistinctKeyCounter<long> counter
            ? NumberExamples(states, counter)
            : [.. examples.Take(Validate.Evaluation.RuleTally.MaxExamples)];
    }

    /// <summary>A key in two partitions' sets, or one a partition found twice, is duplicated: the counter keeps the
    /// smallest of them, displayed as in a run.</summary>
    private static IReadOnlyList<string> NumberExamples(IReadOnlyList<RuleState> states, DistinctKeyCounter<long> counter)
    {
        using (counter)
        {
            foreach (var s in states)
            {
                counter.Add(s.Keys ?? [], default);
                counter.Add(s.KeyExampleValues.ToArray(), default);
            }
            return counter.Examples;
        }
    }

    public long Added { get; }
    public bool Spilled => false;
    public (long Distinct, long Duplicates) Finish() => (_distinct, Added - _distinct);
    public IReadOnlyList<string> Examples { get; }
    public Int64HashSet? KeyValues => null;
    public bool KeyValuesAreHashes { get; }
    public IReadOnlyList<long> ExampleKeyValues => [];
    public void Dispose() { }
}
