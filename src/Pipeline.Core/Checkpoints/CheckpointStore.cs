using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Checkpoints;

/// <summary>
/// Persists stage outputs under a folder (normally the run folder) as Arrow IPC segments plus a manifest, so a later
/// stage or a resumed run reads them back memory-mapped instead of recomputing. A checkpoint without a completed
/// manifest (the run died while writing it) is treated as absent and deleted when someone tries to open it.
/// </summary>
public sealed class CheckpointStore
{
    internal const string ManifestFile = "manifest.json";
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly long _maxSegmentBytes;

    /// <summary>A store under <paramref name="directory"/>; segments roll at <paramref name="maxSegmentBytes"/>.</summary>
    public CheckpointStore(string directory, long maxSegmentBytes = SpillManager.DefaultMaxSegmentBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        _maxSegmentBytes = maxSegmentBytes;
    }

    /// <summary>The folder holding one sub-folder per checkpoint.</summary>
    public string Directory { get; }

    /// <summary>Starts writing checkpoint <paramref name="name"/>, replacing any earlier one of that name.</summary>
    public CheckpointWriter BeginWrite(string name, Schema schema)
    {
        string folder = FolderOf(name);
        DeleteFolder(folder);
        return new CheckpointWriter(folder, name, schema, _maxSegmentBytes);
    }

    /// <summary>Writes every batch of <paramref name="input"/> (taking ownership of it and its batches) as checkpoint <paramref name="name"/>.</summary>
    public async Task<CheckpointManifest> WriteAsync(string name, IArrowArrayStream input, CancellationToken cancellationToken = default)
    {
        using var stream = input;
        using var writer = BeginWrite(name, stream.Schema);
        while (await stream.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            using (batch) writer.Write(batch);
        }
        return writer.Complete();
    }

    /// <summary>The completed manifest of <paramref name="name"/>, or null when there is none; an incomplete checkpoint is deleted.</summary>
    public CheckpointManifest? TryGetManifest(string name)
    {
        string folder = FolderOf(name);
        if (!System.IO.Directory.Exists(folder)) return null;
        CheckpointManifest? manifest = null;
        try
        {
            using var file = File.OpenRead(Path.Combine(folder, ManifestFile));
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(file, Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { }
        if (manifest is { Completed: true }) return manifest;
        DeleteFolder(folder);
        return null;
    }

    /// <summary>
    /// Opens checkpoint <paramref name="name"/> memory-mapped, or returns null when it does not exist or is
    /// incomplete (and then deletes it). Dispose the batches before the reader (see <see cref="SpillReader"/>).
    /// </summary>
    public SpillReader? TryOpen(string name)
    {
        if (TryGetManifest(name) is not { } manifest) return null;
        string folder = FolderOf(name);
        var segments = manifest.Segments.Select(s => new IpcSegment(Path.Combine(folder, s.File), s.Bytes, s.Batches, s.Rows)).ToList();
        return new SpillReader(null, segments);
    }

    /// <summary>Deletes checkpoint <paramref name="name"/> if it exists.</summary>
    public void Delete(string name) => DeleteFolder(FolderOf(name));

    private string FolderOf(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny([.. Path.GetInvalidFileNameChars(), '/', '\\']) >= 0 || name is "." or "..")
            throw new ArgumentException($"checkpoint name '{name}' must be a plain folder name", nameof(name));
        return Path.Combine(Directory, name);
    }

    internal static string Describe(Field field) => $"{field.Name}: {field.DataType.Name}{(field.IsNullable ? "" : " not null")}";

    internal static void DeleteFolder(string folder)
    {
        if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
    }
}
