namespace Pipeline.Core.History;

/// <summary>One input of a recorded run.</summary>
/// <param name="Path">Absolute path (or the source's description).</param>
/// <param name="Bytes">Size in bytes, when known.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content, when known.</param>
public sealed record RunInputRecord(string Path, long? Bytes, string? Sha256);
