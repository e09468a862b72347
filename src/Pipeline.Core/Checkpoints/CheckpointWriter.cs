using System.Text.Json;
using Apache.Arrow;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Checkpoints;

/// <summary>
/// Writes one checkpoint: batches go to IPC segments in the checkpoint folder, and <see cref="Complete"/> seals it
/// by replacing the manifest with a completed one. Disposing without completing deletes the folder.
/// </summary>
public sealed class CheckpointWriter : IDisposable
{
    private readonly string _folder;
    private readonly string _name;
    private readonly Schema _schema;
    private readonly SegmentedIpcWriter _segments;
    private long _batches;
    private bool _done;

    internal CheckpointWriter(string folder, string name, Schema schema, long maxSegmentBytes)
    {
        _folder = folder;
        _name = name;
        _schema = schema;
        Directory.CreateDirectory(folder);
        WriteManifest(Manifest([], completed: false));
        _segments = new SegmentedIpcWriter(i => Path.Combine(folder, $"segment-{i:D5}.arrows"), schema, maxSegmentBytes, durable: true);
    }

    /// <summary>Appends a batch; does not take ownership.</summary>
    public void Write(RecordBatch batch)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _segments.Write(batch);
        _batches++;
    }

    /// <summary>Closes the segments and writes the completed manifest (last, atomically).</summary>
    public CheckpointManifest Complete()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _segments.EnsureSegment();
        var segments = _segments.Complete();
        var manifest = Manifest(segments, completed: true);
        WriteManifest(manifest);
        _done = true;
        return manifest;
    }

    private CheckpointManifest Manifest(IReadOnlyList<IpcSegment> segments, bool completed) => new()
    {
        Name = _name,
        Schema = [.. _schema.FieldsList.Select(CheckpointStore.Describe)],
        Batches = _batches,
        Rows = segments.Sum(s => s.Rows),
        Segments = [.. segments.Select(s => new CheckpointSegment(Path.GetFileName(s.Path), s.Bytes, s.Batches, s.Rows))],
        Completed = completed,
    };

    private void WriteManifest(CheckpointManifest manifest)
    {
        string path = Path.Combine(_folder, CheckpointStore.ManifestFile);
        // Durable before the rename, so "completed" can never point at segments still in the page cache only.
        Files.AtomicWrite.Write(path, file => JsonSerializer.Serialize(file, manifest, CheckpointStore.Json), durable: true);
    }

    /// <summary>When not completed: closes what is open and deletes the checkpoint folder.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _segments.Dispose();
        CheckpointStore.DeleteFolder(_folder);
    }
}
