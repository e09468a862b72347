using Pipeline.Engine.Validate.Evaluation.Keys;
using Pipeline.Kernels.Hashing;

namespace Pipeline.Engine.Partitioned;

/// <summary>
/// A uniqueness rule's keys over several partitions: the union of their key sets gives the distinct count, the keys
/// added minus that the duplicates, so a key repeated in two partitions counts as a duplicate as in one run. Exact
/// for number keys (kept as themselves); for text keys (kept as 64-bit XxHash64) exact unless two distinct keys
/// collide, which for n distinct keys happens with probability at most n²/2⁶⁵. Examples are those each partition found
/// within itself.
/// </summary>
internal sealed class MergedKeys : IDistinctKeyCounter
{
    private readonly long _distinct;

    public MergedKeys(IEnumerable<RuleState> states)
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
        Examples = [.. examples.Take(Validate.Evaluation.RuleTally.MaxExamples)];
    }

    public long Added { get; }
    public bool Spilled => false;
    public (long Distinct, long Duplicates) Finish() => (_distinct, Added - _distinct);
    public IReadOnlyList<string> Examples { get; }
    public Int64HashSet? KeyValues => null;
    public bool KeyValuesAreHashes { get; }
    public void Dispose() { }
}
