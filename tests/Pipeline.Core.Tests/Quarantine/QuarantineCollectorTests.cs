using Apache.Arrow;
using Pipeline.Core.Quarantine;
using Pipeline.Core.Streams;

namespace Pipeline.Core.Tests.Quarantine;

public class QuarantineCollectorTests
{
    [Fact]
    public async Task ReplaysEveryRowInOrderAcrossSpilledChunks()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pl-q-" + Guid.NewGuid().ToString("N"));
        using (var collector = new QuarantineCollector(dir))
        {
            int total = QuarantineCollector.ChunkRows * 2 + 17;
            for (int i = 0; i < total; i++)
                collector.Add(new QuarantinedRow("read", "f.csv", i + 1, $"bad {i}", i % 3 == 0 ? null : "x,y"));
            Assert.Single(Directory.GetFiles(dir)); // the spill file exists while the run is alive

            var lines = new List<long>();
            using (var reader = collector.OpenReader())
                await reader.ForEachAsync(b => { using (b) { var l = (Int64Array)b.Column(2); for (int i = 0; i < b.Length; i++) lines.Add(l.GetValue(i)!.Value); } });

            Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), lines);
            Assert.Equal(total, collector.Count);
            Assert.Equal(total, collector.CountsByStage["read"]);
        }
        Assert.Empty(Directory.GetFiles(dir)); // deleted on dispose
        Directory.Delete(dir);
    }

    [Fact]
    public async Task CutsHugeRecordsSoOneBadRowCannotExhaustMemory()
    {
        using var collector = new QuarantineCollector();
        collector.Add(new QuarantinedRow("read", "f.csv", 1, "too long", new string('x', 1_000_000)));
        using var reader = collector.OpenReader();
        using var batch = (await reader.ReadNextRecordBatchAsync())!;
        var record = ((StringArray)batch.Column(4)).GetString(0);
        Assert.True(record.Length < QuarantineCollector.MaxRecordChars + 32);
        Assert.EndsWith("[truncated]", record);
    }
}
