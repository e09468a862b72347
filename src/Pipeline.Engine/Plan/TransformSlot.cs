namespace Pipeline.Engine.Plan;

/// <summary>Where a per-batch transform sits in a run, in flow order: a stage adds its transform to its slot and the
/// plan orders them, so no stage needs to know which others are present.</summary>
public enum TransformSlot
{
    /// <summary>A step's row operations (select, rename, cast, derive, filter): cleaning and rules see their output.</summary>
    Shape,

    /// <summary>Cleaning: rules see cleaned values.</summary>
    Clean,

    /// <summary>Null counts of every input row (the quality score's completeness), before any row is removed.</summary>
    Nulls,

    /// <summary>Row rules: failing rows go to the quarantine; row indices are still the input's.</summary>
    Validate,

    /// <summary>Enrichment (<c>enrich:</c>): columns added and values masked on the rows that passed the rules.</summary>
    Enrich,

    /// <summary>Transforms given by the host (the .NET API), after the stages'.</summary>
    Host,
}

/// <summary>Where an analyzer sits in a run; analyzers see the rows that passed every transform.</summary>
public enum AnalyzerSlot
{
    /// <summary>Analyzers given by the host.</summary>
    Host,

    /// <summary>Table rules (uniqueness, aggregates, row counts).</summary>
    Rules,

    /// <summary>The column profile.</summary>
    Profile,

    /// <summary>The report's analyzers (correlations by group, null patterns, time series).</summary>
    Report,
}
