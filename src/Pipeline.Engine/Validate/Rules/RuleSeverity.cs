namespace Pipeline.Engine.Validate;

/// <summary>How much a failing rule matters.</summary>
public enum RuleSeverity
{
    /// <summary>Fails the run (status <c>checks_failed</c>, exit 1); failing rows are quarantined by default.</summary>
    Error,
    /// <summary>Only reported; failing rows stay in the output by default.</summary>
    Warn,
}

/// <summary>What happens to a row that fails a row rule.</summary>
public enum RuleAction
{
    /// <summary>Removed from the output and written to <c>quarantine.parquet</c> with the rule and reason.</summary>
    Quarantine,
    /// <summary>Removed from the output without a trace except the counts (<c>rows.dropped</c>).</summary>
    Drop,
    /// <summary>Kept in the output; only counted.</summary>
    Keep,
}
