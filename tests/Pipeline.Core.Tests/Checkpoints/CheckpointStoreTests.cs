using System.Text.Json;
using Apache.Arrow;
using Pipeline.Core.Checkpoints;
using Pipeline.Core.Streams;
using Pipeline.Core.Tests.Spill;

namespace Pipeline.Core.Tests.Checkpoints;

public sealed class CheckpointStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "checkpoint-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_checkpoint_reads_back_every_batch_and_its_manifest_describes_it()
    {
        var store = new CheckpointStore(_root, maxSegmentBytes: 256 * 1024);
        var expected = Enumerable.Range(0, 20).Select(i => SpillTestData.Make(i * 1000, 1000)).ToList();
        var input = BatchStream.From(SpillTestData.Schema, expected.Select(b => b.Clone()));
        var manifest = await store.WriteAsync("cleaned", input);

        Assert.True(manifest.Completed);
        Assert.Equal(20, manifest.Batches);
        Assert.Equal(20_000, manifest.Rows);
        Assert.True(manifest.Segments.Count > 1);
        Assert.Contains("s: utf8", manifest.Schema);
        var onDisk = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(Path.Combine(_root, "cleaned", "manifest.json")));
        Assert.True(onDisk!.Completed);

        using (var reader = store.TryOpen("cleaned"))
        {
            Assert.NotNull(reader);
            Assert.Equal(SpillTestData.Schema.FieldsList.Select(f => f.Name), reader.Schema.FieldsList.Select(f => f.Name));
            int n = 0;
            while (reader.ReadNext() is { } batch)
            {
                using (batch) SpillTestData.AssertEqual(expected[n++], batch);
            }
            Assert.Equal(20, n);
        }
        foreach (var batch in expected) batch.Dispose();
    }

    [Fact]
    public void An_empty_stream_is_a_valid_checkpoint_with_its_schema()
    {
        var store = new CheckpointStore(_root);
        using (var writer = store.BeginWrite("empty", SpillTestData.Schema)) writer.Complete();
        using var reader = store.TryOpen("empty");
        Assert.NotNull(reader);
        Assert.Equal(6, reader.Schema.FieldsList.Count);
        Assert.Null(reader.ReadNext());
    }

    [Fact]
    public void An_incomplete_checkpoint_is_ignored_and_deleted()
    {
        var store = new CheckpointStore(_root);
        var writer = store.BeginWrite("partial", SpillTestData.Schema);
        using (var batch = SpillTestData.Make(0, 100)) writer.Write(batch);
        // Simulate a crash: the writer is never completed nor disposed; its manifest says "not completed".
        string folder = Path.Combine(_root, "partial");
        Assert.True(File.Exists(Path.Combine(folder, "manifest.json")));

        Assert.Null(store.TryOpen("partial"));
        Assert.False(Directory.Exists(folder));
        writer.Dispose();
    }

    [Fact]
    public void A_checkpoint_folder_without_a_manifest_is_ignored_and_deleted()
    {
        var store = new CheckpointStore(_root);
        string folder = Path.Combine(_root, "orphan");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "segment-00000.arrows"), "junk");
        Assert.Null(store.TryOpen("orphan"));
        Assert.False(Directory.Exists(folder));
        Assert.Null(store.TryOpen("never-written"));
    }

    [Fact]
    public void A_writer_disposed_without_completing_leaves_nothing()
    {
        var store = new CheckpointStore(_root);
        using (var writer = store.BeginWrite("abandoned", SpillTestData.Schema))
        {
            using var batch = SpillTestData.Make(0, 100);
            writer.Write(batch);
        }
        Assert.False(Directory.Exists(Path.Combine(_root, "abandoned")));
    }
}
