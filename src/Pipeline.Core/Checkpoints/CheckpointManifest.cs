using System.Text.Json.Serialization;

namespace Pipeline.Core.Checkpoints;

/// <summary>
/// <c>manifest.json</c> of a checkpoint. Written with <see cref="Completed"/> false when writing starts and replaced
/// atomically (write a temporary file, rename over) with <see cref="Completed"/> true as the very last step, so a
/// checkpoint interrupted at any point is recognisable as incomplete.
/// </summary>
public sealed record CheckpointManifest
{
    /// <summary>Format version of this manifest.</summary>
    [JsonPropertyName("version")] public int Version { get; init; } = 1;

    /// <summary>Checkpoint name (its folder under the store).</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>The schema, one <c>name: type</c> line per field, for people and for a quick compatibility check.</summary>
    [JsonPropertyName("schema")] public required IReadOnlyList<string> Schema { get; init; }

    /// <summary>Record batches over all segments.</summary>
    [JsonPropertyName("batches")] public long Batches { get; init; }

    /// <summary>Rows over all segments.</summary>
    [JsonPropertyName("rows")] public long Rows { get; init; }

    /// <summary>Segment file names (relative to the checkpoint folder), in order.</summary>
    [JsonPropertyName("segments")] public IReadOnlyList<CheckpointSegment> Segments { get; init; } = [];

    /// <summary>True only once every segment was written and closed.</summary>
    [JsonPropertyName("completed")] public bool Completed { get; init; }
}

/// <summary>One segment file of a checkpoint.</summary>
/// <param name="File">File name inside the checkpoint folder.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Batches">Record batches in it.</param>
/// <param name="Rows">Rows in it.</param>
public sealed record CheckpointSegment(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("batches")] int Batches,
    [property: JsonPropertyName("rows")] long Rows);
