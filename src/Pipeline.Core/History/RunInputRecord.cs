namespace Pipeline.Core.History;

/// <summary>One input of a recorded run.</summary>
/// <param name="Path">Absolute path (or the source's description).</param>
/// <param name="Bytes">Size in bytes, when known.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content, when the run hashed it in full.</param>
public sealed record RunInputRecord(string Path, long? Bytes, string? Sha256)
{
    /// <summary>The input's fingerprint (size, modification time, sampled bytes) when the run fingerprinted it
    /// instead of hashing every byte (<c>options.input_hash</c>); not a content hash.</summary>
    public string? Fingerprint { get; init; }
}
