using Pipeline.Engine.Validate.Evaluation;

namespace Pipeline.Engine.Partitioned;

/// <summary>
/// What one rule counted over one partition: a row rule's failed rows and its lowest failing rows (0-based within the
/// partition); a table rule's aggregate state, and for uniqueness rules every distinct key as a 64-bit value (number
/// keys themselves, text keys as XxHash64) with the number of keys added, so duplicates across partitions are found;
/// <c>row_count_equals</c>' reference row count. Schema and history rules keep nothing (judged at the merge).
/// </summary>
internal sealed class RuleState
{
    public long Failed;
    public List<(long Row, string? Value)> RowExamples = [];
    public TableRuleState? Table;
    public long[]? Keys;
    public long KeysAdded;
    public bool KeysAreHashes;
    public List<string> KeyExamples = [];
    public List<long> KeyExampleValues = [];
    public long? ReferenceRows;
}
