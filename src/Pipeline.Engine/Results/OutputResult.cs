using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>One output.</summary>
/// <param name="Path">Absolute path, or <c>-</c> for standard output.</param>
/// <param name="Format">Format name.</param>
/// <param name="Bytes">Bytes written.</param>
public sealed record OutputResult(string Path, string Format, long Bytes);
