using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>One input file.</summary>
/// <param name="Path">Absolute path, or <c>-</c> for standard input.</param>
/// <param name="Format">Format name used to read it.</param>
/// <param name="Bytes">Size in bytes (null for standard input).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole content; null for standard input, and when the run's
/// <c>input_hash</c> fingerprinted the file or hashed nothing (<see cref="Fingerprint"/>).</param>
public sealed record InputResult(string Path, string Format, long? Bytes, string? Sha256)
{
    /// <summary>The file's fingerprint (size, modification time and sampled bytes, see docs/results-schema.md) when the
    /// run's <c>input_hash</c> fingerprinted it instead of hashing every byte; null otherwise. Not a content hash.</summary>
    public string? Fingerprint { get; init; }
}
