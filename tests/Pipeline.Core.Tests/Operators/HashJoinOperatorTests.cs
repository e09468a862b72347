using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Operators.Join;
using Pipeline.Core.Options;
using Pipeline.Core.Streams;
using static Pipeline.Core.Tests.Operators.OperatorTestKit;

namespace Pipeline.Core.Tests.Operators;

public sealed class HashJoinOperatorTests : IDisposable
{
    private readonly string _spillRoot = Path.Combine(Path.GetTempPath(), "join-tests-" + Guid.NewGuid().ToString("N"));

    public HashJoinOperatorTests() => Directory.CreateDirectory(_spillRoot);

    public void Dispose() => Directory.Delete(_spillRoot, recursive: true);

    /// <summary>Key layouts: probe key columns and types, build key columns and types.</summary>
    public static TheoryData<string, JoinKind> Cases()
    {
        var data = new TheoryData<string, JoinKind>();
        foreach (var layout in new[] { "i64=i64", "i32=i64", "str=str", "dict=str", "str=dict", "i64+str=i32+dict", "f64=f64", "i32=f64" })
            foreach (var kind in Enum.GetValues<JoinKind>()) data.Add(layout, kind);
        return data;
    }

    /// <summary>Probe and build tables for a layout like "i64+str=i32+dict"; the build has a column "v" colliding with the probe's.</summary>
    private static (HashJoinTestTable Probe, HashJoinTestTable Build, (string, string)[] Keys) Tables(string layout, int probeRows, int buildRows, int keyDomain, int seed = 1)
    {
        var sides = layout.Split('=');
        var probeTypes = sides[0].Split('+');
        var buildTypes = sides[1].Split('+');
        var probeColumns = new List<(string, string)> { ("id", "i64") };
        var buildColumns = new List<(string, string)> { ("v", "str") };
        var keys = new List<(string, string)>();
        for (int k = 0; k < probeTypes.Length; k++)
        {
            probeColumns.Add(($"pk{k}", probeTypes[k]));
            buildColumns.Insert(k, ($"bk{k}", buildTypes[k]));
            keys.Add(($"pk{k}", $"bk{k}"));
        }
        probeColumns.Add(("v", "f64"));
        buildColumns.Add(("w", "i32"));
        var probe = HashJoinTestTable.Generate(probeColumns, keys.Select(k => k.Item1).ToHashSet(), probeRows, keyDomain, nullEvery: 10, seed);
        var build = HashJoinTestTable.Generate(buildColumns, keys.Select(k => k.Item2).ToHashSet(), buildRows, keyDomain, nullEvery: 10, seed + 100);
        return (probe, build, [.. keys]);
    }

    private static HashJoinOperator Operator(HashJoinTestTable build, IReadOnlyList<(string, string)> keys, JoinKind kind, int batchSize = 97)
        => new(_ => BatchStream.From(build.Schema, build.Batches(batchSize)), keys, kind, "stores");

    private static PipelineContext Small(int batchSize, long? limit = null, string? spill = null)
        => limit is { } l
            ? new PipelineContext(new PipelineOptions { MemoryLimit = l, SpillDirectory = spill, BatchSize = batchSize })
            : new PipelineContext(new PipelineOptions { BatchSize = batchSize }, memoryPool: new Pipeline.Core.Memory.UnboundedPool());

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_kind_equals_a_nested_loop_reference_in_probe_order_with_exact_statistics(string layout, JoinKind kind)
    {
        var (probe, build, keys) = Tables(layout, probeRows: 1500, buildRows: 400, keyDomain: 300);
        var expected = HashJoinReference.Join(probe, build, keys, kind);
        Assert.True(expected.MatchedProbe > 0 && expected.UnmatchedProbe > 0, "the data must have matches and misses");
        // A 50-row batch size cuts output batches in the middle of a probe row's matches.
        using var context = Small(batchSize: 50);
        var op = Operator(build, keys, kind);
        var rows = await RowsAsync(op, context, probe.Schema, probe.Batches(113));
        Assert.Equal(expected.Rows, rows);
        var s = op.Statistics;
        Assert.Equal(probe.Rows.Count, s.ProbeRows);
        Assert.Equal(build.Rows.Count, s.BuildRows);
        Assert.Equal(expected.MatchedProbe, s.MatchedProbeRows);
        Assert.Equal(expected.UnmatchedProbe, s.UnmatchedProbeRows);
        Assert.Equal(expected.UnmatchedBuild, s.UnmatchedBuildRows);
        Assert.Equal(expected.Rows.Count, s.OutputRows);
        Assert.Equal(0, s.SpilledBytes);
        Assert.Equal((double)expected.MatchedProbe / probe.Rows.Count, s.MatchRate, 12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Probing_on_several_threads_returns_the_rows_in_probe_order_with_the_statistics_of_one(string layout, JoinKind kind)
    {
        var (probe, build, keys) = Tables(layout, probeRows: 3000, buildRows: 400, keyDomain: 300, seed: 7);
        var expected = HashJoinReference.Join(probe, build, keys, kind);
        foreach (int parallelism in new[] { 1, 4 })
        {
            using var context = new PipelineContext(new PipelineOptions { BatchSize = 50, MaxDegreeOfParallelism = parallelism },
                memoryPool: new Pipeline.Core.Memory.UnboundedPool());
            var op = Operator(build, keys, kind);
            Assert.Equal(expected.Rows, await RowsAsync(op, context, probe.Schema, probe.Batches(37)));
            var s = op.Statistics;
            Assert.Equal(((long)probe.Rows.Count, expected.MatchedProbe, expected.UnmatchedProbe, expected.UnmatchedBuild, (long)expected.Rows.Count),
                (s.ProbeRows, s.MatchedProbeRows, s.UnmatchedProbeRows, s.UnmatchedBuildRows, s.OutputRows));
        }
    }

    [Theory]
    [InlineData("i64=i64", JoinKind.Inner)]
    [InlineData("i64=i64", JoinKind.Left)]
    [InlineData("str=dict", JoinKind.Left)]
    [InlineData("i64+str=i32+dict", JoinKind.Semi)]
    [InlineData("i64+str=i32+dict", JoinKind.Anti)]
    [InlineData("str=str", JoinKind.Inner)]
    public async Task Under_a_tiny_budget_the_join_spills_and_returns_the_same_rows_and_statistics(string layout, JoinKind kind)
    {
        // 40,000 build rows with ~30-byte strings hold several MiB: far more than the 1 MiB budget.
        var (probe, build, keys) = Tables(layout, probeRows: 30_000, buildRows: 40_000, keyDomain: 20_000);
        List<string> inMemory;
        JoinStatistics expected;
        using (var context = Small(batchSize: 4096))
        {
            var op = Operator(build, keys, kind, batchSize: 4096);
            inMemory = await RowsAsync(op, context, probe.Schema, probe.Batches(4096));
            expected = op.Statistics;
        }
        using (var context = Small(batchSize: 4096, limit: 1 * MiB, spill: _spillRoot))
        {
            var op = Operator(build, keys, kind, batchSize: 4096);
            var spilled = await RowsAsync(op, context, probe.Schema, probe.Batches(4096));
            Assert.Equal(inMemory.Order(StringComparer.Ordinal), spilled.Order(StringComparer.Ordinal));
            var s = op.Statistics;
            Assert.True(s.SpilledBytes > 0, "the 1 MiB join should have spilled");
            Assert.True(s.Repartitions > 0, "a first-level partition should have been too big and split again");
            Assert.True(context.SpilledBytes >= s.SpilledBytes, "the run's spill metric counts the join's partitions");
            Assert.Equal(expected.ProbeRows, s.ProbeRows);
            Assert.Equal(expected.BuildRows, s.BuildRows);
            Assert.Equal(expected.MatchedProbeRows, s.MatchedProbeRows);
            Assert.Equal(expected.UnmatchedProbeRows, s.UnmatchedProbeRows);
            Assert.Equal(expected.UnmatchedBuildRows, s.UnmatchedBuildRows);
            Assert.Equal(expected.OutputRows, s.OutputRows);
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
    }

    [Theory]
    [InlineData(JoinKind.Inner, false)]
    [InlineData(JoinKind.Left, false)]
    [InlineData(JoinKind.Left, true)]
    [InlineData(JoinKind.Anti, true)]
    public async Task Probe_columns_left_out_of_the_output_change_nothing_else_in_memory_or_spilled(JoinKind kind, bool spill)
    {
        var (probe, build, keys) = Tables("i64=i64", probeRows: 30_000, buildRows: 40_000, keyDomain: 20_000);
        List<string> all, narrowed;
        using (var context = Small(batchSize: 4096))
            all = await RowsAsync(Operator(build, keys, kind, batchSize: 4096), context, probe.Schema, probe.Batches(4096));
        using (var context = spill ? Small(batchSize: 4096, limit: 1 * MiB, spill: _spillRoot) : Small(batchSize: 4096))
        {
            var op = new HashJoinOperator(_ => BatchStream.From(build.Schema, build.Batches(4096)), keys, kind, "stores") { ProbeOutput = new HashSet<string> { "id", "v" } };
            narrowed = await RowsAsync(op, context, probe.Schema, probe.Batches(4096));
            Assert.Equal(spill, op.Statistics.SpilledBytes > 0);
        }
        // The probe key (column 1: id, pk0, v, then the build's v_stores, w) is all that is missing.
        var expected = all.Select(r => string.Join("|", r.Split('|').Where((_, i) => i != 1)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), narrowed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(JoinKind.Inner)]
    [InlineData(JoinKind.Left)]
    [InlineData(JoinKind.Semi)]
    [InlineData(JoinKind.Anti)]
    public async Task A_single_key_with_more_build_rows_than_the_budget_is_joined_block_by_block(JoinKind kind)
    {
        // Half the build side is one key: its partition never splits, whatever the seed.
        var (probe, build, keys) = Tables("i64=i64", probeRows: 3000, buildRows: 60_000, keyDomain: 2000);
        foreach (var row in build.Rows.Where((_, i) => i % 2 == 0)) row[0] = 7;
        foreach (var row in probe.Rows.Where((_, i) => i % 100 == 0)) row[1] = 7;
        var expected = HashJoinReference.Join(probe, build, keys, kind);
        using var context = Small(batchSize: 4096, limit: 1 * MiB, spill: _spillRoot);
        var op = Operator(build, keys, kind, batchSize: 2048);
        var rows = await RowsAsync(op, context, probe.Schema, probe.Batches(1000));
        Assert.Equal(expected.Rows.Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
        Assert.True(op.Statistics.SpilledBytes > 0);
        Assert.True(op.Statistics.BlockJoins > 0, "the hot key's partition should have been joined block by block");
        Assert.Equal(expected.MatchedProbe, op.Statistics.MatchedProbeRows);
        Assert.Equal(expected.UnmatchedProbe, op.Statistics.UnmatchedProbeRows);
        Assert.Equal(expected.UnmatchedBuild, op.Statistics.UnmatchedBuildRows);
        Assert.Equal(0, context.MemoryPool.Reserved);
    }

    [Theory]
    [InlineData(JoinKind.Inner, 0)]
    [InlineData(JoinKind.Left, 5)]
    [InlineData(JoinKind.Semi, 0)]
    [InlineData(JoinKind.Anti, 5)]
    public async Task An_empty_build_side_matches_nothing(JoinKind kind, int expectedRows)
    {
        var (probe, build, keys) = Tables("i64=i64", probeRows: 5, buildRows: 0, keyDomain: 3);
        using var context = Small(batchSize: 100);
        var op = Operator(build, keys, kind);
        var rows = await RowsAsync(op, context, probe.Schema, probe.Batches(2));
        Assert.Equal(expectedRows, rows.Count);
        Assert.Equal(HashJoinReference.Join(probe, build, keys, kind).Rows, rows);
        Assert.Equal(5, op.Statistics.UnmatchedProbeRows);
    }

    [Theory]
    [InlineData(JoinKind.Inner)]
    [InlineData(JoinKind.Left)]
    [InlineData(JoinKind.Anti)]
    public async Task An_empty_probe_side_gives_no_rows_and_counts_every_build_row_unmatched(JoinKind kind)
    {
        var (probe, build, keys) = Tables("str=str", probeRows: 0, buildRows: 50, keyDomain: 3);
        using var context = Small(batchSize: 100);
        var op = Operator(build, keys, kind);
        Assert.Empty(await RowsAsync(op, context, probe.Schema, probe.Batches(10)));
        Assert.Equal(50, op.Statistics.BuildRows);
        Assert.Equal(50, op.Statistics.UnmatchedBuildRows);
        Assert.Equal(0, op.Statistics.MatchRate);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_build_side_that_fails_midway_surfaces_the_error_and_leaves_no_spill_files_or_reservation(bool spill)
    {
        var (probe, build, keys) = Tables("str=str", probeRows: 100, buildRows: 40_000, keyDomain: 500);
        var op = new HashJoinOperator(_ => BatchStream.From(build.Schema, FailingAfter(build.Batches(2000), 15, new InvalidOperationException("disk gone"))),
            keys, JoinKind.Inner, "stores");
        using var context = spill ? Small(batchSize: 4096, limit: 1 * MiB, spill: _spillRoot) : Small(batchSize: 4096);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RowsAsync(op, context, probe.Schema, probe.Batches(50)));
        Assert.Equal("disk gone", error.Message);
        // The folder is created by the first spill writer: the 1 MiB run was partitioning when the build failed.
        if (spill) Assert.True(Directory.Exists(context.Spill.Directory), "the 1 MiB run should have spilled before the failure");
        Assert.Empty(SpillFiles(context));
        Assert.Equal(0, context.MemoryPool.Reserved);
    }

    [Fact]
    public async Task Cancelling_while_probing_a_spilled_join_stops_it_and_leaves_no_spill_files_or_reservation()
    {
        var (probe, build, keys) = Tables("i64=i64", probeRows: 20_000, buildRows: 40_000, keyDomain: 20_000);
        using var cancel = new CancellationTokenSource();
        using var context = new PipelineContext(new PipelineOptions { MemoryLimit = 1 * MiB, SpillDirectory = _spillRoot, BatchSize = 4096 }, cancel.Token);
        var op = Operator(build, keys, JoinKind.Left, batchSize: 4096);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RowsAsync(op, context, probe.Schema, CancellingAfter(probe.Batches(1000), 3, cancel)));
        Assert.True(Directory.Exists(context.Spill.Directory), "the 1 MiB run should have spilled");
        Assert.Empty(SpillFiles(context));
        Assert.Equal(0, context.MemoryPool.Reserved);
        Assert.Equal(0, op.Statistics.ProbeRows);
    }

    [Fact]
    public void Output_schema_drops_build_keys_renames_collisions_and_makes_left_build_columns_nullable()
    {
        var probe = new Schema.Builder()
            .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
            .Field(f => f.Name("v").DataType(DoubleType.Default).Nullable(false))
            .Field(f => f.Name("v_stores").DataType(StringType.Default).Nullable(false))
            .Build();
        var build = new Schema.Builder()
            .Field(f => f.Name("store_id").DataType(Int32Type.Default).Nullable(false))
            .Field(f => f.Name("v").DataType(new DictionaryType(Int8Type.Default, StringType.Default, false)).Nullable(false))
            .Field(f => f.Name("id").DataType(Int64Type.Default).Nullable(false))
            .Field(f => f.Name("w").DataType(Int32Type.Default).Nullable(false))
            .Build();
        (string, string)[] keys = [("id", "store_id")];
        var inner = HashJoinOperator.OutputSchema(probe, build, keys, JoinKind.Inner, "stores");
        Assert.Equal(["id", "v", "v_stores", "v_stores_2", "id_stores", "w"], inner.FieldsList.Select(f => f.Name));
        Assert.IsType<StringType>(inner.FieldsList[3].DataType);
        Assert.All(inner.FieldsList, f => Assert.False(f.IsNullable));
        var left = HashJoinOperator.OutputSchema(probe, build, keys, JoinKind.Left, "stores");
        Assert.Equal([false, false, false, true, true, true], left.FieldsList.Select(f => f.IsNullable));
        Assert.Equal(["id", "v", "v_stores"], HashJoinOperator.OutputSchema(probe, build, keys, JoinKind.Semi, "stores").FieldsList.Select(f => f.Name));
        Assert.Equal(["id", "v", "v_stores"], HashJoinOperator.OutputSchema(probe, build, keys, JoinKind.Anti, "stores").FieldsList.Select(f => f.Name));
        // Probe columns left out of the output (the key nothing reads) do not change the build columns' names.
        var narrowed = HashJoinOperator.OutputSchema(probe, build, keys, JoinKind.Inner, "stores", new HashSet<string> { "v_stores" });
        Assert.Equal(["v_stores", "v_stores_2", "id_stores", "w"], narrowed.FieldsList.Select(f => f.Name));
    }

    [Theory]
    [InlineData("nope", "store_id", "nope")]
    [InlineData("id", "nope", "nope")]
    [InlineData("name", "store_id", "name")]
    public void Missing_or_incomparable_keys_fail_at_schema_time_naming_the_column(string probeKey, string buildKey, string named)
    {
        var probe = new Schema.Builder()
            .Field(f => f.Name("id").DataType(Int64Type.Default))
            .Field(f => f.Name("name").DataType(StringType.Default))
            .Build();
        var build = new Schema.Builder().Field(f => f.Name("store_id").DataType(Int32Type.Default)).Build();
        var error = Assert.Throws<PipelineException>(() => HashJoinOperator.OutputSchema(probe, build, [(probeKey, buildKey)], JoinKind.Inner, "stores"));
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
        Assert.Contains($"'{named}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dates_and_timestamps_match_by_value_across_units_and_floats_match_integers_only_when_integral()
    {
        var probeSchema = new Schema.Builder()
            .Field(f => f.Name("day").DataType(Date32Type.Default))
            .Field(f => f.Name("at").DataType(new TimestampType(TimeUnit.Second, (string?)null)))
            .Field(f => f.Name("n").DataType(DoubleType.Default))
            .Build();
        var buildSchema = new Schema.Builder()
            .Field(f => f.Name("day").DataType(Date64Type.Default))
            .Field(f => f.Name("at").DataType(new TimestampType(TimeUnit.Microsecond, "UTC")))
            .Field(f => f.Name("n").DataType(Int64Type.Default))
            .Field(f => f.Name("tag").DataType(StringType.Default))
            .Build();
        var probe = new RecordBatch(probeSchema,
        [
            new Date32Array.Builder().Append(new DateTime(2024, 1, 2)).Append(new DateTime(2024, 1, 3)).Append(new DateTime(2024, 1, 2)).Build(),
            new TimestampArray.Builder(TimeUnit.Second).Append(DateTimeOffset.FromUnixTimeSeconds(100)).Append(DateTimeOffset.FromUnixTimeSeconds(100)).Append(DateTimeOffset.FromUnixTimeSeconds(100)).Build(),
            new DoubleArray.Builder().Append(10).Append(10).Append(10.5).Build(),
        ], 3);
        var build = new RecordBatch(buildSchema,
        [
            new Date64Array.Builder().Append(new DateTime(2024, 1, 2)).Build(),
            new TimestampArray.Builder(TimeUnit.Microsecond).Append(DateTimeOffset.FromUnixTimeSeconds(100)).Build(),
            new Int64Array.Builder().Append(10).Build(),
            new StringArray.Builder().Append("hit").Build(),
        ], 1);
        var op = new HashJoinOperator(_ => BatchStream.From(buildSchema, [build]), [("day", "day"), ("at", "at"), ("n", "n")], JoinKind.Left, "b");
        using var context = Small(batchSize: 100);
        var rows = new List<string>();
        await RunAsync(op, context, probeSchema, [probe], b => rows.AddRange(Enumerable.Range(0, b.Length).Select(r => OperatorTestKit.Value(b.Column(3), r))));
        Assert.Equal(["hit", "∅", "∅"], rows);
    }
}
