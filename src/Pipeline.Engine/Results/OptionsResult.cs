using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>Engine settings used by the run.</summary>
/// <param name="BatchSize">Rows per batch.</param>
/// <param name="Parallelism">Worker count.</param>
/// <param name="MemoryLimitBytes">Memory budget.</param>
/// <param name="SpillDir">Spill folder (null = run folder or temp).</param>
/// <param name="InferenceSampleRows">Rows sampled for type inference.</param>
/// <param name="TypeMismatch"><c>widen</c> or <c>quarantine</c>.</param>
public sealed record OptionsResult(int BatchSize, int Parallelism, long MemoryLimitBytes, string? SpillDir, int InferenceSampleRows, string TypeMismatch)
{
    /// <summary>How inputs were identified (<c>auto</c>, <c>sha256</c>, <c>fingerprint</c>, <c>none</c>; see
    /// <c>inputs[]</c>).</summary>
    public string InputHash { get; init; } = "auto";
}
