using Apache.Arrow;
using Apache.Arrow.Types;
using CsCheck;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Engine.Tests.Analyze;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Hardening;

/// <summary>
/// Partition-merge equality on generated data: a table cut into 1–4 contiguous partitions, each profiled on its own in
/// batches of any size, written to <c>profile.state</c> and read back (what <c>pipeline profile --state</c> on each
/// worker and <c>pipeline merge</c> do), merges to the profile of one pass over the whole table.
/// </summary>
public class PartitionMergePropertyTests
{
    private static readonly string[] Words = ["north", "south", "east", "west", "", "Zürich", "a,b", "x\"y"];

    /// <summary>One generated row: a nullable integer, a nullable double (with repeats), a word, a flag.</summary>
    private static readonly Gen<(long? Int, double? Real, string? Word, bool? Flag)> Row =
        Gen.Select(
            Gen.Frequency((1, Gen.Const(default(long?))), (6, Gen.Long[-1_000, 1_000].Select(v => (long?)v))),
            Gen.Frequency((1, Gen.Const(default(double?))), (2, Gen.Int[-5, 5].Select(v => (double?)v)), (5, Gen.Double[-1e6, 1e6].Select(v => (double?)v))),
            Gen.Frequency((1, Gen.Const(default(string))), (8, Gen.Int[0, Words.Length - 1].Select(i => (string?)Words[i]))),
            Gen.Frequency((1, Gen.Const(default(bool?))), (4, Gen.Bool.Select(b => (bool?)b))));

    private static readonly Schema TableSchema = new(
    [
        new Field("count", Int64Type.Default, true), new Field("amount", DoubleType.Default, true),
        new Field("region", StringType.Default, true), new Field("active", BooleanType.Default, true),
    ], null);

    private static IEnumerable<RecordBatch> Batches((long? Int, double? Real, string? Word, bool? Flag)[] rows, int from, int to, int batchRows)
    {
        for (int start = from; start < to; start += batchRows)
        {
            int end = Math.Min(to, start + batchRows);
            var ints = new Int64Array.Builder();
            var reals = new DoubleArray.Builder();
            var words = new StringArray.Builder();
            var flags = new BooleanArray.Builder();
            for (int i = start; i < end; i++)
            {
                var (n, d, w, f) = rows[i];
                if (n is { } nv) ints.Append(nv); else ints.AppendNull();
                if (d is { } dv) reals.Append(dv); else reals.AppendNull();
                if (w is null) words.AppendNull(); else words.Append(w);
                if (f is { } fv) flags.Append(fv); else flags.AppendNull();
            }
            yield return new RecordBatch(TableSchema, [ints.Build(), reals.Build(), words.Build(), flags.Build()], end - start);
        }
    }

    private static TableProfiler Profile(IEnumerable<RecordBatch> batches)
    {
        var profiler = new TableProfiler(TableSchema);
        foreach (var batch in batches)
            using (batch) profiler.Update(batch);
        return profiler;
    }

    [Fact]
    public void PartitionsProfiledApartAndMergedEqualOnePass()
    {
        int multiPartition = 0;
        Gen.Select(Row.Array[1, 600], Gen.Int[1, 4], Gen.Int[1, 200], Gen.Int[0, int.MaxValue]).Sample((rows, partitions, batchRows, seed) =>
        {
            var whole = Profile(Batches(rows, 0, rows.Length, 64)).Report();

            // Contiguous cuts at random points (empty partitions allowed, as a planner may produce them).
            var random = new Random(seed);
            var cuts = Enumerable.Range(0, partitions - 1).Select(_ => random.Next(rows.Length + 1)).Order().ToList();
            cuts.Insert(0, 0);
            cuts.Add(rows.Length);
            using var dir = new TempDirectory();
            TableProfiler? merged = null;
            for (int p = 0; p < partitions; p++)
            {
                var path = dir.File($"part{p}.state");
                ProfileStateFile.Write(Profile(Batches(rows, cuts[p], cuts[p + 1], batchRows)), path);
                var part = ProfileStateFile.Read(path);
                if (merged is null) merged = part; else merged.MergePartition(part);
            }
            if (partitions > 1) Interlocked.Increment(ref multiPartition);

            var report = merged!.Report();
            ProfilerMergeTests.AssertSame(whole, report);
            for (int c = 0; c < whole.Columns.Count; c++)
                Assert.Equal(whole.Columns[c].Monotonic, report.Columns[c].Monotonic);
        }, iter: 40, threads: 1);
        Assert.True(multiPartition > 0, "no generated case had more than one partition");
    }
}
