using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>One column of the output schema.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Arrow type name (e.g. <c>int64</c>, <c>utf8</c>, <c>timestamp[us, UTC]</c>).</param>
/// <param name="Nullable">Whether nulls are allowed.</param>
/// <param name="Metadata">Reader notes, e.g. the detected date format (<c>pipeline.format</c>).</param>
public sealed record ColumnResult(string Name, string Type, bool Nullable, IReadOnlyDictionary<string, string>? Metadata);
