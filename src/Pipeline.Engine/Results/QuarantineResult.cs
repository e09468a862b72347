using System.Text.Json.Serialization;

namespace Pipeline.Engine.Results;

/// <summary>Quarantine summary.</summary>
/// <param name="Rows">Rows quarantined.</param>
/// <param name="File">Path of <c>quarantine.parquet</c>, when anything was quarantined and a run folder exists.</param>
/// <param name="ByStage">Rows quarantined per stage.</param>
/// <param name="Examples">Up to 10 first reasons, for a quick look.</param>
public sealed record QuarantineResult(long Rows, string? File, IReadOnlyDictionary<string, long> ByStage, IReadOnlyList<string> Examples);
