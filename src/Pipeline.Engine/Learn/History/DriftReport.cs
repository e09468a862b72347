using Pipeline.Engine.Results;

namespace Pipeline.Engine.Learn.History;

/// <summary>What changed against a baseline run: drifted columns and schema changes, as written to results.json.</summary>
/// <param name="Drift">Columns past a drift threshold.</param>
/// <param name="SchemaChanges">Columns added, removed or retyped.</param>
public sealed record DriftReport(IReadOnlyList<DriftResult> Drift, IReadOnlyList<SchemaChangeResult> SchemaChanges)
{
    /// <summary>Nothing changed (or nothing could be compared).</summary>
    public static DriftReport None { get; } = new([], []);
}
