namespace Pipeline.Engine.Results;

/// <summary>One step of a run in <c>results.json</c> (<c>steps[]</c>).</summary>
/// <param name="Name">The step's name.</param>
/// <param name="From">The sources or steps it reads (its join and union inputs included).</param>
/// <param name="Status"><c>done</c>, <c>reused</c> (its checkpoint from an earlier run was valid), <c>failed</c> or
/// <c>skipped</c> (an input step failed).</param>
/// <param name="RowsIn">Rows that entered the step from its <c>from</c> input.</param>
/// <param name="RowsOut">Rows the step produced.</param>
/// <param name="Seconds">Wall time of the step.</param>
public sealed record StepResult(string Name, IReadOnlyList<string> From, string Status, long RowsIn, long RowsOut, double Seconds)
{
    /// <summary>Rows removed by <c>filter:</c>.</summary>
    public long Filtered { get; init; }

    /// <summary>Rows sent to the step's quarantine by cleaning or rules.</summary>
    public long Quarantined { get; init; }

    /// <summary>Rows removed by rules with <c>on_fail: drop</c>.</summary>
    public long Dropped { get; init; }

    /// <summary>Rows removed by <c>dedup:</c>.</summary>
    public long Deduplicated { get; init; }

    /// <summary>For a step that only removes rows (no join, aggregate, union or limit): whether
    /// <c>rows_in = rows_out + filtered + quarantined + dropped + deduplicated</c> held; null where rows are combined.</summary>
    public bool? Conserved { get; init; }

    /// <summary>The join's match counts, when the step joins.</summary>
    public JoinResult? Join { get; init; }

    /// <summary>What the step's <c>enrich:</c> added or masked.</summary>
    public IReadOnlyList<EnrichResult> Enrich { get; init; } = [];

    /// <summary>The step's folder in the run folder (its own results, quarantine, profile and checkpoint).</summary>
    public string? Folder { get; init; }

    /// <summary>The step's outputs (its sinks).</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Rule outcomes of the step's <c>rules:</c>.</summary>
    public IReadOnlyList<RuleResult> Rules { get; init; } = [];

    /// <summary>Why a resumed run recomputed the step instead of reusing its checkpoint.</summary>
    public string? Note { get; init; }

    /// <summary>Why the step failed or was skipped.</summary>
    public string? Error { get; init; }
}
