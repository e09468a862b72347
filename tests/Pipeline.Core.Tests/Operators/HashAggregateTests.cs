using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Aggregate;
using Pipeline.Core.Options;
using static Pipeline.Core.Tests.Operators.HashAggregateReference;
using static Pipeline.Core.Tests.Operators.OperatorTestKit;

namespace Pipeline.Core.Tests.Operators;

public sealed class HashAggregateTests : IDisposable
{
    private readonly string _spillRoot = Path.Combine(Path.GetTempPath(), "hash-aggregate-tests-" + Guid.NewGuid().ToString("N"));

    public HashAggregateTests() => Directory.CreateDirectory(_spillRoot);

    public void Dispose() => Directory.Delete(_spillRoot, recursive: true);

    /// <summary>Every function, on every column type it accepts.</summary>
    private static readonly AggregateMeasure[] AllMeasures =
    [
        new("n", MeasureFunction.CountRows),
        new("cx", MeasureFunction.Count, "x"),
        new("dx", MeasureFunction.CountDistinct, "x"),
        new("ds", MeasureFunction.CountDistinct, "s"),
        new("ddec", MeasureFunction.CountDistinct, "dec"),
        new("si", MeasureFunction.Sum, "i"),
        new("sk", MeasureFunction.Sum, "k"),
        new("sx", MeasureFunction.Sum, "x"),
        new("sdec", MeasureFunction.Sum, "dec"),
        new("ai", MeasureFunction.Avg, "i"),
        new("ax", MeasureFunction.Avg, "x"),
        new("adec", MeasureFunction.Avg, "dec"),
        new("mini", MeasureFunction.Min, "i"),
        new("minx", MeasureFunction.Min, "x"),
        new("maxx", MeasureFunction.Max, "x"),
        new("maxs", MeasureFunction.Max, "s"),
        new("mins", MeasureFunction.Min, "s"),
        new("minday", MeasureFunction.Min, "day"),
        new("maxdec", MeasureFunction.Max, "dec"),
        new("minb", MeasureFunction.Min, "b"),
        new("sdi", MeasureFunction.StdDev, "i"),
        new("vx", MeasureFunction.Variance, "x"),
        new("vdec", MeasureFunction.Variance, "dec"),
        new("q25x", MeasureFunction.Quantile, "x", 0.25),
        new("q90i", MeasureFunction.Quantile, "i", 0.9),
        new("q50s", MeasureFunction.Quantile, "s"),
        new("q75dec", MeasureFunction.Quantile, "dec", 0.75),
        new("q10day", MeasureFunction.Quantile, "day", 0.1),
        new("q0i", MeasureFunction.Quantile, "i", 0),
        new("q1i", MeasureFunction.Quantile, "i", 1),
        new("medi", MeasureFunction.Median, "i"),
        new("medx", MeasureFunction.Median, "x"),
        new("meddec", MeasureFunction.Median, "dec"),
        new("modes", MeasureFunction.Mode, "s"),
        new("modex", MeasureFunction.Mode, "x"),
        new("modeday", MeasureFunction.Mode, "day"),
        new("fs", MeasureFunction.First, "s"),
        new("ls", MeasureFunction.Last, "s"),
        new("lx", MeasureFunction.Last, "x"),
        new("fdec", MeasureFunction.First, "dec"),
        new("anyi", MeasureFunction.AnyValue, "i"),
        new("sa", MeasureFunction.StringAgg, "s", Separator: " | "),
    ];

    /// <summary>Measures whose state has a fixed size per group (the spill path that keeps groups in memory).</summary>
    private static readonly AggregateMeasure[] FixedMeasures =
    [
        .. AllMeasures.Where(m => m.Function is not (MeasureFunction.CountDistinct or MeasureFunction.Quantile
            or MeasureFunction.Median or MeasureFunction.Mode or MeasureFunction.StringAgg)),
    ];

    private static object? Column(AggRow row, string? column) => column switch
    {
        "g" => row.G,
        "k" => row.K,
        "x" => row.X,
        "i" => row.I,
        "dec" => row.Dec,
        "s" => row.S,
        "day" => row.Day,
        "b" => row.B,
        _ => null,
    };

    /// <summary>The reference rows: LINQ's GroupBy keeps groups in order of first appearance, as the operator does without spilling.</summary>
    private static List<object?[]> Reference(HashAggregateTestData data, string[] keys, AggregateMeasure[] measures)
        => [.. data.Rows.GroupBy(r => string.Join("\u0001", keys.Select(k => Key(Column(r, k)))))
            .Select(g =>
            {
                var rows = g.ToList();
                return (object?[])[.. keys.Select(k => Column(rows[0], k)), .. measures.Select(m => Compute(m, rows, r => Column(r, m.Column)))];
            })];

    /// <summary>Grouping text of a key value: NaN with NaN and -0 with 0, as SQL groups them.</summary>
    private static string Key(object? value) => value switch
    {
        null => "∅",
        double d when double.IsNaN(d) => "NaN",
        double d => (d == 0 ? 0 : d).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    private static void AssertRows(IReadOnlyList<object?[]> expected, IReadOnlyList<object?[]> actual, Schema output)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int r = 0; r < expected.Count; r++)
        {
            for (int c = 0; c < expected[r].Length; c++)
            {
                if (!Same(expected[r][c], actual[r][c]))
                    Assert.Fail($"row {r}, column {output.FieldsList[c].Name}: expected {expected[r][c] ?? "NULL"}, got {actual[r][c] ?? "NULL"} (key {string.Join(", ", expected[r].Take(2))})");
            }
        }
    }

    private static List<object?[]> ByKey(IEnumerable<object?[]> rows, int keys)
        => [.. rows.OrderBy(r => string.Join("\u0001", r.Take(keys).Select(Key)), StringComparer.Ordinal)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_measure_equals_a_linq_reference_in_order_of_first_appearance(bool dictionaryKey)
    {
        var data = new HashAggregateTestData(rows: 20_000, dictionary: dictionaryKey);
        string[] keys = ["g", "k"];
        var op = new HashAggregateOperator(keys, AllMeasures);
        using var context = Unbounded();
        var rows = await RunAsync(op, context, data.Schema, data.Batches());
        var output = HashAggregateOperator.OutputSchema(data.Schema, keys, AllMeasures);
        Assert.IsType<StringType>(output.FieldsList[0].DataType);
        AssertRows(Reference(data, keys, AllMeasures), rows, output);
    }

    [Fact]
    public async Task Output_types_follow_duckdb()
    {
        var output = HashAggregateOperator.OutputSchema(HashAggregateTestData.PlainSchema, ["g", "k"], AllMeasures);
        IArrowType Type(string name) => output.GetFieldByName(name).DataType;
        Assert.IsType<Int32Type>(Type("k"));
        Assert.IsType<Int64Type>(Type("n"));
        Assert.IsType<Int64Type>(Type("sk"));
        Assert.IsType<DoubleType>(Type("sx"));
        Assert.Equal(new Decimal128Type(38, 2).Precision, ((Decimal128Type)Type("sdec")).Precision);
        Assert.Equal(2, ((Decimal128Type)Type("sdec")).Scale);
        Assert.IsType<DoubleType>(Type("ai"));
        Assert.IsType<Date32Type>(Type("minday"));
        Assert.IsType<Date32Type>(Type("q10day"));
        Assert.IsType<Decimal128Type>(Type("q75dec"));
        Assert.IsType<DoubleType>(Type("meddec"));
        Assert.IsType<StringType>(Type("sa"));
        Assert.IsType<BooleanType>(Type("minb"));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_global_aggregate_equals_the_reference()
    {
        var data = new HashAggregateTestData(rows: 5_000);
        using var context = Unbounded();
        var rows = await RunAsync(new HashAggregateOperator([], AllMeasures), context, data.Schema, data.Batches());
        AssertRows(Reference(data, [], AllMeasures), rows, HashAggregateOperator.OutputSchema(data.Schema, [], AllMeasures));
    }

    [Fact]
    public async Task A_global_aggregate_of_empty_input_is_one_row_of_zero_counts_and_nulls()
    {
        using var context = Unbounded();
        var rows = await RunAsync(new HashAggregateOperator([], AllMeasures), context, HashAggregateTestData.PlainSchema, []);
        var row = Assert.Single(rows);
        for (int m = 0; m < AllMeasures.Length; m++)
        {
            object? expected = AllMeasures[m].Function is MeasureFunction.CountRows or MeasureFunction.Count or MeasureFunction.CountDistinct ? 0L : null;
            Assert.Equal(expected, row[m]);
        }
    }

    [Fact]
    public async Task Grouped_aggregate_of_empty_input_has_no_rows()
    {
        using var context = Unbounded();
        var rows = await RunAsync(new HashAggregateOperator(["g"], AllMeasures), context, HashAggregateTestData.PlainSchema, []);
        Assert.Empty(rows);
    }

    [Fact]
    public async Task Null_and_NaN_keys_are_groups_of_their_own_and_minus_zero_groups_with_zero()
    {
        // x holds NaN, -0, 0 and nulls; b holds nulls.
        var data = new HashAggregateTestData(rows: 30_000);
        string[] keys = ["x", "b"];
        AggregateMeasure[] measures = [new("n", MeasureFunction.CountRows), new("si", MeasureFunction.Sum, "i")];
        using var context = Unbounded();
        var rows = await RunAsync(new HashAggregateOperator(keys, measures), context, data.Schema, data.Batches());
        AssertRows(Reference(data, keys, measures), rows, HashAggregateOperator.OutputSchema(data.Schema, keys, measures));
        Assert.Contains(rows, r => r[0] is double d && double.IsNaN(d) && r[1] is null);
        Assert.Contains(rows, r => r[0] is null && r[1] is null);
        Assert.Single(rows, r => r[0] is 0.0 && r[1] is true);
    }

    [Fact]
    public async Task Keys_of_many_types_group_like_linq()
    {
        var data = new HashAggregateTestData(rows: 20_000, dictionary: true);
        string[] keys = ["dec", "day", "b", "g", "k"];
        AggregateMeasure[] measures = [new("n", MeasureFunction.CountRows), new("fs", MeasureFunction.First, "s"), new("modei", MeasureFunction.Mode, "i")];
        using var context = Unbounded();
        var rows = await RunAsync(new HashAggregateOperator(keys, measures), context, data.Schema, data.Batches());
        AssertRows(Reference(data, keys, measures), rows, HashAggregateOperator.OutputSchema(data.Schema, keys, measures));
    }

    public static TheoryData<bool, long, bool> SpillCases => new()
    {
        // Fixed-size measures keep the groups already in memory; holistic ones spill every raw row.
        { false, 4 << 20, false },
        { true, 4 << 20, false },
        // A budget this small makes partitions overflow too, so they are split again with another seed (holistic
        // measures need more: the null-key groups hold ~1,700 rows whose values they keep).
        { false, 96 << 10, true },
        { true, 1 << 20, true },
    };

    [Theory]
    [MemberData(nameof(SpillCases))]
    public async Task Under_a_small_budget_the_groups_equal_the_unbounded_run(bool holistic, long budget, bool resplit)
    {
        // i has ~1.8M values: almost every row is its own group, so the table outgrows any small budget.
        var data = new HashAggregateTestData(rows: 120_000);
        string[] keys = ["i", "k"];
        var measures = holistic ? AllMeasures : FixedMeasures;
        var op = new HashAggregateOperator(keys, measures);
        List<object?[]> expected;
        using (var context = Unbounded())
            expected = await RunAsync(op, context, data.Schema, data.Batches());
        Assert.True(expected.Count > 100_000, $"only {expected.Count} groups");
        using (var context = new PipelineContext(new PipelineOptions { SpillDirectory = _spillRoot, BatchSize = 4096 }, memoryPool: new GreedyPool(budget)))
        {
            var spilled = await RunAsync(op, context, data.Schema, data.Batches());
            Assert.True(context.SpilledBytes > 0, "the run should have spilled");
            // One level writes at most one file per partition (each far below a segment); more means partitions were split again.
            if (resplit) Assert.True(context.SpillFiles > 32, $"{context.SpillFiles} spill files: no partition was split again");
            AssertRows(ByKey(expected, keys.Length), ByKey(spilled, keys.Length), HashAggregateOperator.OutputSchema(data.Schema, keys, measures));
            Assert.Empty(SpillFiles(context));
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
    }

    [Fact]
    public async Task Spilled_output_order_is_the_same_on_every_run()
    {
        var data = new HashAggregateTestData(rows: 60_000);
        var op = new HashAggregateOperator(["i"], [new AggregateMeasure("n", MeasureFunction.CountRows), new AggregateMeasure("m", MeasureFunction.Median, "x")]);
        var runs = new List<List<object?[]>>();
        for (int run = 0; run < 2; run++)
        {
            using var context = new PipelineContext(new PipelineOptions { SpillDirectory = _spillRoot }, memoryPool: new GreedyPool(256 << 10));
            runs.Add(await RunAsync(op, context, data.Schema, data.Batches()));
            Assert.True(context.SpilledBytes > 0);
        }
        AssertRows(runs[0], runs[1], HashAggregateOperator.OutputSchema(data.Schema, ["i"], op.Measures));
    }

    [Fact]
    public async Task Spill_files_and_memory_are_released_after_a_failure()
    {
        var data = new HashAggregateTestData(rows: 60_000, batchSize: 1000);
        using var context = new PipelineContext(new PipelineOptions { SpillDirectory = _spillRoot }, memoryPool: new GreedyPool(256 << 10));
        var failing = FailingAfter(data.Batches(), 50, new PipelineException(PipelineErrorKind.InvalidInput, "broken input"));
        await Assert.ThrowsAsync<PipelineException>(() => RunAsync(new HashAggregateOperator(["i"], AllMeasures), context, data.Schema, failing));
        // Spilled bytes count completed files only; the folder shows the spill had started.
        Assert.True(Directory.Exists(context.Spill.Directory), "the run should have spilled before failing");
        Assert.Empty(SpillFiles(context));
        Assert.Equal(0, context.MemoryPool.Reserved);
    }

    [Fact]
    public async Task A_global_quantile_larger_than_the_budget_fails_naming_the_consumer_and_fixed_measures_need_no_spill()
    {
        // One group cannot be partitioned: its kept values must fit, or the run stops with the pool's error.
        var data = new HashAggregateTestData(rows: 60_000);
        using (var context = new PipelineContext(new PipelineOptions { SpillDirectory = _spillRoot }, memoryPool: new GreedyPool(128 << 10)))
        {
            var error = await Assert.ThrowsAsync<PipelineException>(() => RunAsync(new HashAggregateOperator([], [new AggregateMeasure("q", MeasureFunction.Quantile, "i")]), context, data.Schema, data.Batches()));
            Assert.Equal(PipelineErrorKind.ResourcesExhausted, error.Kind);
            Assert.Contains("'aggregate'", error.Message);
            Assert.Equal(0, context.MemoryPool.Reserved);
        }
        using (var context = new PipelineContext(new PipelineOptions { SpillDirectory = _spillRoot }, memoryPool: new GreedyPool(128 << 10)))
        {
            var rows = await RunAsync(new HashAggregateOperator([], FixedMeasures), context, data.Schema, data.Batches());
            AssertRows(Reference(data, [], FixedMeasures), rows, HashAggregateOperator.OutputSchema(data.Schema, [], FixedMeasures));
            Assert.Equal(0, context.SpilledBytes);
        }
    }

    [Fact]
    public async Task An_int64_sum_that_overflows_fails_naming_the_measure()
    {
        var schema = new Schema.Builder().Field(f => f.Name("v").DataType(Int64Type.Default)).Build();
        var batch = new RecordBatch(schema, [new Int64Array.Builder().Append(long.MaxValue - 1).Append(5).Build()], 2);
        using var context = Unbounded();
        var error = await Assert.ThrowsAsync<PipelineException>(() => RunAsync(new HashAggregateOperator([], [new AggregateMeasure("total", MeasureFunction.Sum, "v")]), context, schema, [batch]));
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
        Assert.Contains("'total'", error.Message);
        Assert.Contains("overflow", error.Message);
    }

    [Theory]
    [InlineData("missing", MeasureFunction.Sum, "missing")]
    [InlineData("s", MeasureFunction.Sum, "not a number")]
    [InlineData("day", MeasureFunction.Avg, "not a number")]
    [InlineData("i", MeasureFunction.StringAgg, "not a string")]
    [InlineData("s", MeasureFunction.Median, "not a number")]
    public void Unsuitable_columns_fail_naming_the_measure_and_the_column(string column, MeasureFunction function, string reason)
    {
        var error = Assert.Throws<PipelineException>(() => HashAggregateOperator.OutputSchema(HashAggregateTestData.PlainSchema, ["g"], [new AggregateMeasure("m1", function, column)]));
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
        Assert.Contains("'m1'", error.Message);
        Assert.Contains($"'{column}'", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Missing_keys_repeated_names_and_bad_quantiles_are_rejected()
    {
        var schema = HashAggregateTestData.PlainSchema;
        Assert.Contains("'nope'", Assert.Throws<PipelineException>(() => HashAggregateOperator.OutputSchema(schema, ["nope"], [])).Message);
        Assert.Contains("'g'", Assert.Throws<PipelineException>(() => HashAggregateOperator.OutputSchema(schema, ["g"], [new AggregateMeasure("g", MeasureFunction.CountRows)])).Message);
        Assert.Contains("1.5", Assert.Throws<PipelineException>(() => HashAggregateOperator.OutputSchema(schema, [], [new AggregateMeasure("q", MeasureFunction.Quantile, "x", 1.5)])).Message);
        Assert.Contains("needs a column", Assert.Throws<PipelineException>(() => HashAggregateOperator.OutputSchema(schema, [], [new AggregateMeasure("c", MeasureFunction.Count)])).Message);
    }
}
