namespace Pipeline.Engine.Results;

/// <summary>What one enrichment of <c>enrich:</c> did, in <c>results.json</c> (<c>enrich[]</c>, and <c>steps[].enrich</c>).</summary>
/// <param name="Kind">The enrichment's key (<c>time</c>, <c>pii</c>).</param>
/// <param name="Column">The column it reads, when it reads one.</param>
/// <param name="Added">Columns it added, in order.</param>
/// <param name="Replaced">Existing columns whose values it rewrote (masking).</param>
/// <param name="RowsSeen">Rows that passed through it.</param>
/// <param name="RowsAffected">Rows where it produced a value or changed one (non-null input for <c>time</c>; at
/// least one masked value for <c>pii</c>).</param>
public sealed record EnrichResult(string Kind, string? Column, IReadOnlyList<string> Added, IReadOnlyList<string> Replaced, long RowsSeen, long RowsAffected)
{
    /// <summary>Named counts specific to the kind (<c>dst_gap</c>, <c>dst_overlap</c>, <c>holidays</c>, ...).</summary>
    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    /// <summary>For <c>pii</c>: what was detected per column (never the values).</summary>
    public IReadOnlyList<PiiDetection> Detected { get; init; } = [];
}

/// <summary>Personal data found in a column: how many values matched a kind, and their share of the non-null values.</summary>
/// <param name="Column">The column.</param>
/// <param name="Kind"><c>email</c>, <c>phone</c>, <c>card</c>, <c>iban</c> or <c>name</c>.</param>
/// <param name="Values">Values of that kind.</param>
/// <param name="Share">Values / non-null values of the column.</param>
/// <param name="Masked">Values rewritten by the kind's mask policy.</param>
/// <param name="Policy">The mask policy applied (<c>hash</c>, <c>partial</c>, <c>redact</c>, <c>token</c>), or null.</param>
public sealed record PiiDetection(string Column, string Kind, long Values, double Share, long Masked, string? Policy);
