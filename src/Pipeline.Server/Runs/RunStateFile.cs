using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Server.Runs;

/// <summary>
/// <c>runs/ID/run.json</c>: what the server knows of a run beyond its <c>results.json</c> (when it was submitted,
/// queued or started, a cancel while queued), rewritten at each change of status, so a restarted server lists its
/// runs again. Written to a temporary name and renamed: a reader never sees half a file.
/// </summary>
internal sealed record RunStateFile(
    string Id, string Status, DateTimeOffset Submitted, DateTimeOffset? Started, DateTimeOffset? Finished,
    long? RowsRead, string? Error, string? HistoryRunId, string? Dataset)
{
    /// <summary>The file name inside the run folder.</summary>
    public const string FileName = "run.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    };

    /// <summary>Writes the state into <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The state in <paramref name="folder"/>, or null when there is none or it does not parse.</summary>
    public static RunStateFile? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<RunStateFile>(File.ReadAllBytes(path), Json); }
        catch (JsonException) { return null; }
    }
}
