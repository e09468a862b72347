using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>Why a run failed.</summary>
/// <param name="Kind">Error kind (<c>invalid_input</c>, <c>schema</c>, <c>resources_exhausted</c>, <c>external</c>, <c>internal</c>).</param>
/// <param name="Message">Message naming the file, row or column.</param>
public sealed record ErrorResult(string Kind, string Message);
