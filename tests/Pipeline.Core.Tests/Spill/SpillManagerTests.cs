using System.Diagnostics;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Operators;
using Pipeline.Core.Options;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Tests.Spill;

public sealed class SpillManagerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "spill-tests-" + Guid.NewGuid().ToString("N"));

    public SpillManagerTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Spilled_batches_read_back_with_equal_values_straight_from_the_mapped_file()
    {
        using var manager = new SpillManager(_root);
        var expected = Enumerable.Range(0, 4).Select(i => SpillTestData.Make(i * 1000, 1000)).ToList();
        SpillFile file;
        using (var writer = manager.CreateWriter("roundtrip", SpillTestData.Schema))
        {
            foreach (var batch in expected) writer.Write(batch);
            file = writer.Complete();
        }
        Assert.Equal(4000, file.Rows);
        Assert.Equal(file.Bytes, manager.SpilledBytes);
        Assert.Equal(1, manager.SpillFiles);

        using (var reader = file.OpenRead())
        {
            int n = 0;
            while (reader.ReadNext() is { } actual)
            {
                using (actual)
                {
                    SpillTestData.AssertEqual(expected[n++], actual);
                    AssertMapped(actual, reader);
                }
            }
            Assert.Equal(4, n);
        }
        foreach (var batch in expected) batch.Dispose();
        file.Dispose();
        Assert.Empty(Directory.GetFiles(manager.Directory));
    }

    /// <summary>Every buffer of the batch is a slice of one of the reader's mappings: nothing was copied.</summary>
    private static void AssertMapped(RecordBatch batch, SpillReader reader)
    {
        foreach (var column in batch.Arrays)
        {
            foreach (var buffer in column.Data.Buffers)
            {
                if (buffer.Length == 0) continue;
                Assert.True(MemoryMarshal.TryGetMemoryManager<byte, MappedFileMemory>(buffer.Memory, out var mapping, out int start, out int length),
                    "buffer memory is not a mapped segment");
                Assert.Contains(reader.MappedRegions, r => r.Address == mapping!.Address && start + length <= r.Length);
            }
        }
    }

    [Fact]
    public void Segments_roll_before_they_would_exceed_the_maximum_size()
    {
        const long max = 256 * 1024;
        using var manager = new SpillManager(_root, max);
        using var writer = manager.CreateWriter("roll", SpillTestData.Schema);
        var batches = Enumerable.Range(0, 40).Select(i => SpillTestData.Make(i * 1000, 1000)).ToList();
        foreach (var batch in batches) writer.Write(batch);
        using var file = writer.Complete();
        Assert.True(file.Segments.Count > 3, $"only {file.Segments.Count} segments");
        Assert.All(file.Segments, s => Assert.True(s.Bytes <= max, $"{s.Path} has {s.Bytes} bytes"));
        Assert.Equal(file.Segments.Count, manager.SpillFiles);
        Assert.Equal(40_000, file.Rows);

        using var reader = file.OpenRead();
        int n = 0;
        while (reader.ReadNext() is { } actual)
        {
            using (actual) SpillTestData.AssertEqual(batches[n++], actual);
        }
        Assert.Equal(40, n);
        foreach (var batch in batches) batch.Dispose();
    }

    [Fact]
    public void The_spill_folder_is_gone_after_a_successful_run()
    {
        string folder;
        using (var context = new PipelineContext(new PipelineOptions { SpillDirectory = _root }))
        {
            using var batch = SpillTestData.Make(0, 100);
            using var writer = context.Spill.CreateWriter("ok", SpillTestData.Schema);
            writer.Write(batch);
            writer.Complete();
            folder = context.Spill.Directory;
            Assert.True(Directory.Exists(folder));
            Assert.True(context.SpilledBytes > 0);
        }
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void The_spill_folder_is_gone_after_a_failed_run()
    {
        string? folder = null;
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using var context = new PipelineContext(new PipelineOptions { SpillDirectory = _root });
            using var batch = SpillTestData.Make(0, 100);
            var writer = context.Spill.CreateWriter("failing", SpillTestData.Schema);
            writer.Write(batch);
            folder = context.Spill.Directory;
            throw new InvalidOperationException("stage failed");
        }));
        Assert.NotNull(folder);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task The_spill_folder_is_gone_after_a_cancelled_run()
    {
        using var cancel = new CancellationTokenSource();
        string? folder = null;
        var options = new PipelineOptions { SpillDirectory = _root, MemoryLimit = 16 << 20 };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            using var context = new PipelineContext(options, cancel.Token);
            using var counter = new ExactDistinctRows(context);
            for (int i = 0; ; i++)
            {
                using var batch = SpillTestData.Make(i * 10_000, 10_000);
                counter.Add(batch);
                if (context.SpillFiles > 0 || Directory.Exists(context.Spill.Directory))
                {
                    folder = context.Spill.Directory;
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.NotNull(folder);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Stale_folders_of_dead_processes_are_removed_and_live_ones_kept()
    {
        // A process that has certainly exited: start one and wait for it.
        using var dead = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        dead.WaitForExit();
        string stale = Path.Combine(_root, $"{SpillManager.FolderPrefix}{dead.Id}-{Guid.NewGuid():N}");
        string live = Path.Combine(_root, $"{SpillManager.FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        string other = Path.Combine(_root, "pipeline-spill-notapid");
        foreach (var d in new[] { stale, live, other }) Directory.CreateDirectory(d);
        File.WriteAllText(Path.Combine(stale, "000001-x-0000.arrows"), "left over");

        using (new SpillManager(_root)) { }

        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(other));
    }

    [Fact]
    public void A_writer_disposed_without_completing_deletes_its_segments()
    {
        using var manager = new SpillManager(_root, 256 * 1024);
        using (var writer = manager.CreateWriter("abandoned", SpillTestData.Schema))
        {
            for (int i = 0; i < 10; i++)
            {
                using var batch = SpillTestData.Make(i * 1000, 1000);
                writer.Write(batch);
            }
        }
        Assert.Empty(Directory.GetFiles(manager.Directory));
    }
}
