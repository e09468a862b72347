using Pipeline.Core.Options;
using Pipeline.IO.Formats;

namespace Pipeline.Engine.Specs;

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

    /// <summary>Validation rules (<c>rules:</c>); null or empty runs no validation.</summary>
    public Validate.RuleSet? Rules { get; init; }

    /// <summary>Per-column cleaning (<c>clean:</c>), run before validation; null or empty cleans nothing.</summary>
    public IReadOnlyList<Clean.ColumnCleaning>? Clean { get; init; }
}

/// <summary>An input of a spec.</summary>
/// <param name="Path">File, folder, glob or <c>-</c>.</param>
/// <param name="Options">Reader settings.</param>
public sealed record SourceSpec(string Path, SourceOptions Options);

/// <summary>An output of a spec.</summary>
/// <param name="Path">File path or <c>-</c>.</param>
/// <param name="Options">Writer settings.</param>
public sealed record SinkSpec(string Path, SinkOptions Options);
