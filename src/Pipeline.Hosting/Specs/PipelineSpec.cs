using Pipeline.Core.Options;
using Pipeline.IO.Formats;

namespace Pipeline.Hosting.Specs;

/// <summary>A parsed pipeline spec: where data comes from, where it goes, and engine settings.
/// Relative paths are already resolved against the spec file's folder.</summary>
/// <param name="Source">The input path (file, folder, glob or <c>-</c>) and how to read it.</param>
/// <param name="Sinks">The outputs; may be empty (the run then only counts, checks and reports).</param>
/// <param name="Options">Engine settings.</param>
/// <param name="SpecPath">The spec file, or null when built in code.</param>
public sealed record PipelineSpec(SourceSpec Source, IReadOnlyList<SinkSpec> Sinks, PipelineOptions Options, string? SpecPath = null)
{
    /// <summary>Profile the rows that pass validation and write <c>profile.json</c> into the run folder (<c>profile: true</c>).</summary>
    public bool Profile { get; init; }

    /// <summary>Write insights, narratives, <c>report.html</c> and <c>dictionary.md</c> (<c>report:</c>; defaults to
    /// <see cref="Profile"/>; <c>report: true</c> also turns the profile on).</summary>
    public bool Report { get; init; }

    /// <summary>Add the default warn-severity checks from the profile (duplicates, empty columns and rows, constants,
    /// infinities): the default pipeline of <c>pipeline run DATA</c>.</summary>
    public bool DefaultChecks { get; init; }

    /// <summary>Column descriptions for the data dictionary (<c>columns: {name: {description: ...}}</c>).</summary>
    public IReadOnlyDictionary<string, string> ColumnDescriptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Validation rules (<c>rules:</c>); null or empty runs no validation.</summary>
    public Engine.Validate.RuleSet? Rules { get; init; }

    /// <summary>Remove duplicate rows before validation (<c>dedup:</c>); null keeps every row.</summary>
    public DedupSpec? Dedup { get; init; }

    /// <summary>Sort the rows before validation and output (<c>sort:</c>); empty keeps input order.</summary>
    public IReadOnlyList<Core.Operators.Sort.SortKey> Sort { get; init; } = [];
    /// <summary>Enrichments (<c>enrich:</c>), applied after validation to the rows that passed; empty adds nothing.</summary>
    public IReadOnlyList<Engine.Enrich.EnrichmentSpec> Enrich { get; init; } = [];

    /// <summary>Per-column cleaning (<c>clean:</c>), run before validation; null or empty cleans nothing.</summary>
    public IReadOnlyList<Engine.Clean.ColumnCleaning>? Clean { get; init; }

    /// <summary>The spec's <c>options.history</c>: the history file, <see cref="Running.History.HistoryLocation.Off"/>
    /// for <c>history: false</c>, or null when the spec does not say.</summary>
    public string? History { get; init; }

    /// <summary>The spec's <c>options.baseline</c>: what drift is measured against; null when the spec does not say.</summary>
    public Core.History.Baseline? Baseline { get; init; }

    /// <summary>The spec's <c>options.telemetry.otlp_endpoint</c>: where the run's metrics and spans go over OTLP/HTTP;
    /// null falls back to <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string? TelemetryEndpoint { get; init; }

    /// <summary>The spec's <c>anomalies:</c>: per watched metric another strategy than the default, or null for off;
    /// null when the spec does not say.</summary>
    public IReadOnlyDictionary<string, Engine.Learn.History.Anomalies.IAnomalyStrategy?>? Anomalies { get; init; }

    /// <summary>Webhooks to call when the run raises events (<c>alerts:</c>).</summary>
    public IReadOnlyList<Alerts.AlertSpec> Alerts { get; init; } = [];

    /// <summary>The spec's name (<c>name:</c>); null when it has none.</summary>
    public string? Name { get; init; }

    /// <summary>Named inputs of a spec with steps (<c>sources:</c>).</summary>
    public IReadOnlyDictionary<string, SourceSpec> Sources { get; init; } = new Dictionary<string, SourceSpec>();

    /// <summary>The steps (<c>steps:</c>); empty for a single-line spec, which is one step over <see cref="Source"/>.</summary>
    public IReadOnlyList<StepSpec> Steps { get; init; } = [];
}

/// <summary>Which duplicates a run removes.</summary>
/// <param name="Columns">Key columns; empty for whole rows.</param>
/// <param name="Keep">Which row of each key survives.</param>
public sealed record DedupSpec(IReadOnlyList<string> Columns, Core.Operators.Dedup.DedupKeep Keep);

/// <summary>An input of a spec.</summary>
/// <param name="Path">File, folder, glob or <c>-</c>; for a database source, its password-free description.</param>
/// <param name="Options">Reader settings.</param>
public sealed record SourceSpec(string Path, SourceOptions Options)
{
    /// <summary>A ready-made source (a database query) used instead of opening <see cref="Path"/> as files; null for files.</summary>
    public Core.Streams.ISource? Instance { get; init; }

    /// <summary>The source as written in the spec (its YAML), for a resumed run to notice a changed source; null when built in code.</summary>
    public string? Definition { get; init; }
}

/// <summary>An output of a spec.</summary>
/// <param name="Path">File path or <c>-</c>; for a database sink, its password-free description.</param>
/// <param name="Options">Writer settings.</param>
public sealed record SinkSpec(string Path, SinkOptions Options)
{
    /// <summary>A ready-made sink (a database table) used instead of creating a file sink at <see cref="Path"/>; null for files.</summary>
    public Core.Streams.ISink? Instance { get; init; }
}
