using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>One input file.</summary>
/// <param name="Path">Absolute path, or <c>-</c> for standard input.</param>
/// <param name="Format">Format name used to read it.</param>
/// <param name="Bytes">Size in bytes (null for standard input).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content (null for standard input).</param>
public sealed record InputResult(string Path, string Format, long? Bytes, string? Sha256);
