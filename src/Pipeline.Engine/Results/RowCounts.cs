using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>Row counts of a run.</summary>
/// <param name="Read">Data rows read from the input, including rows rejected while reading.</param>
/// <param name="Written">Rows delivered to the sinks (each sink receives all of them).</param>
/// <param name="Quarantined">Rows rejected by any stage.</param>
/// <remarks>Conservation: <c>read = passed + quarantined + dropped</c>.</remarks>
public sealed record RowCounts(long Read, long Written, long Quarantined)
{
    /// <summary>Rows that left validation (all rows when there are no rules).</summary>
    public long Passed { get; init; }
    /// <summary>Rows removed by rules with <c>on_fail: drop</c>.</summary>
    public long Dropped { get; init; }
    /// <summary>Duplicate rows removed by <c>dedup:</c> (before validation); <c>read = written + quarantined + dropped + deduplicated</c>.</summary>
    public long Deduplicated { get; init; }
}
