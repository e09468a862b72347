using Pipeline.IO.Formats;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Evaluation;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>The rule kinds beyond the first set: formats, cross-column equality, conditionals, references, the
/// extra aggregates, compound keys, freshness and the column-list schema rules.</summary>
public class MoreRuleKindTests
{
    /// <summary>a: 1, 2, null, 4, NaN, 6; b: 1, 2, 3, 4, 5, 6.5; total: 2, 4, 3, 9, 1, 12.5;
    /// when: "2024-01-31", "31/01/2024", "", null, "2024-02-30", "2024-12-01"; status: shipped, new, shipped, shipped, null, new;
    /// shipped_at: set, null, null, set, null, null; k1: x, x, y, y, null, x; k2: 1, 2, 1, 1, 1, 1.</summary>
    private static RecordBatch Orders()
    {
        var a = new DoubleArray.Builder().Append(1).Append(2).AppendNull().Append(4).Append(double.NaN).Append(6).Build();
        var b = new DoubleArray.Builder().Append(1).Append(2).Append(3).Append(4).Append(5).Append(6.5).Build();
        var total = new DoubleArray.Builder().Append(2).Append(4).Append(3).Append(9).Append(1).Append(12.5).Build();
        var when = new StringArray.Builder().Append("2024-01-31").Append("31/01/2024").Append("").AppendNull().Append("2024-02-30").Append("2024-12-01").Build();
        var status = new StringArray.Builder().Append("shipped").Append("new").Append("shipped").Append("shipped").AppendNull().Append("new").Build();
        var shipped = new TimestampArray.Builder(TimeUnit.Microsecond, "UTC").Append(new DateTimeOffset(2025, 5, 30, 0, 0, 0, TimeSpan.Zero)).AppendNull().AppendNull()
            .Append(new DateTimeOffset(2025, 5, 31, 12, 0, 0, TimeSpan.Zero)).AppendNull().AppendNull().Build();
        var k1 = new StringArray.Builder().Append("x").Append("x").Append("y").Append("y").AppendNull().Append("x").Build();
        var k2 = new Int64Array.Builder().Append(1).Append(2).Append(1).Append(1).Append(1).Append(1).Build();
        var schema = new Schema.Builder()
            .Field(f => f.Name("a").DataType(DoubleType.Default)).Field(f => f.Name("b").DataType(DoubleType.Default))
            .Field(f => f.Name("total").DataType(DoubleType.Default)).Field(f => f.Name("when").DataType(StringType.Default))
            .Field(f => f.Name("status").DataType(StringType.Default))
            .Field(f => f.Name("shipped_at").DataType(new TimestampType(TimeUnit.Microsecond, "UTC")))
            .Field(f => f.Name("k1").DataType(StringType.Default)).Field(f => f.Name("k2").DataType(Int64Type.Default))
            .Build();
        return new RecordBatch(schema, [a, b, total, when, status, shipped, k1, k2], 6);
    }

    private static RuleResult Table(Rule rule, bool split, long? referenceRows = null)
    {
        var batch = Orders();
        var root = new TableRuleAnalyzer([rule]);
        if (split)
        {
            var x = (TableRuleAnalyzer)root.CreateEmpty();
            var y = (TableRuleAnalyzer)root.CreateEmpty();
            y.Update(batch.Slice(2, 4));
            x.Update(batch.Slice(0, 2));
            root.Merge(y);
            root.Merge(x);
        }
        else root.Update(batch);
        return RuleOutcomes.Table(rule, root.States[0], root.Counter(0), referenceRows, Tables.Now);
    }

    [Fact]
    public void FormatAcceptsOnlyExactDatesAndSkipsNulls()
    {
        // Row 1 has the wrong layout, row 2 is empty, row 4 is not a real date; row 3 is null, so not checked.
        Assert.Equal([1, 2, 4], Tables.Failing(Rules.For("when").Format("%Y-%m-%d"), Orders()));
        Assert.Equal([0, 2, 4, 5], Tables.Failing(Rules.For("when").Format("%d/%m/%Y"), Orders()));
    }

    [Fact]
    public void StrftimeTranslationRejectsUnknownDirectives()
    {
        Assert.Equal("yyyy\\-MM\\-dd\\THH:mm", StrftimeFormat.ToDotNet("%Y-%m-%dT%H:%M").Replace("\\:", ":", StringComparison.Ordinal));
        Assert.Throws<FormatException>(() => StrftimeFormat.ToDotNet("%Q"));
        Assert.Throws<FormatException>(() => StrftimeFormat.ToDotNet("%Y%"));
    }

    [Fact]
    public void ColumnEqualsHonoursTheToleranceAndSkipsNullSides()
    {
        // a + b: 2, 4, null, 8, NaN, 12.5 against total 2, 4, 3, 9, 1, 12.5: row 3 is off by 1, row 4 is NaN.
        Assert.Equal([3, 4], Tables.Failing(Rules.For("total").EqualsExpression("a + b"), Orders()));
        Assert.Equal([4], Tables.Failing(Rules.For("total").EqualsExpression("a + b", tolerance: 1), Orders()));
        var check = RowCheck.Compile(Rules.For("total").EqualsExpression("a + b"), Orders().Schema, Tables.Now);
        Assert.Equal("total_column_equals: total = 9, expected a + b = 8", check.Reason(new Pipeline.Engine.Validate.Expressions.BatchColumns(Orders()), 3));
    }

    [Fact]
    public void ConditionalChecksOnlyWhereTheConditionHolds()
    {
        // Shipped rows 0, 2, 3: row 2 has no shipped_at. Row 4's status is null, so the condition is not true there.
        Assert.Equal([2], Tables.Failing(Rules.Conditional("shipped_has_date", "status = 'shipped'", "shipped_at is not null"), Orders()));
    }

    [Fact]
    public async Task NumericReferenceKeysAreCompactAndTooManyStopTheRunClearly()
    {
        using var dir = new TempDirectory();
        // 300k distinct ids (7919 apart): about 4 MiB in 8-byte slots, far past a 1 MiB budget's share.
        var csv = new System.Text.StringBuilder("id\n");
        for (int i = 0; i < 300_000; i++) csv.Append(i * 7919L).Append('\n');
        var path = dir.WriteText("ids.csv", csv.ToString());
        var rule = Rules.For("v").ExistsIn(path, "id");
        using (var roomy = new PipelineContext(new PipelineOptions { MemoryLimit = 64 << 20, SpillDirectory = dir.Path }) { Sources = FileSourceResolver.Instance })
        using (var refs = await ReferenceData.LoadAsync([rule], roomy))
        {
            Assert.Equal(300_000, refs.Keys(rule).Count);
            Assert.True(refs.Keys(rule).Bytes < 300_000 * 24L, $"{refs.Keys(rule).Bytes} B for 300k 64-bit keys");
        }
        using var tight = new PipelineContext(new PipelineOptions { MemoryLimit = 1 << 20, SpillDirectory = dir.Path }) { Sources = FileSourceResolver.Instance };
        var error = await Assert.ThrowsAsync<Pipeline.Core.Errors.PipelineException>(() => ReferenceData.LoadAsync([rule], tight));
        Assert.Equal(Pipeline.Core.Errors.PipelineErrorKind.ResourcesExhausted, error.Kind);
        Assert.Contains("do not fit the memory budget", error.Message);
        Assert.Equal(0, tight.MemoryPool.Reserved);
    }

    [Fact]
    public async Task ExistsInLooksValuesUpInAReferenceFile()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("keys.csv", "code,label\nx,ex\nz,zed\n");
        var rule = Rules.For("k1").ExistsIn(path, "code");
        using var context = new PipelineContext { Sources = FileSourceResolver.Instance };
        using var refs = await ReferenceData.LoadAsync([rule], context);
        var check = RowCheck.Compile(rule, Orders().Schema, Tables.Now, refs);
        var fails = new bool[6];
        check.Evaluate(new Pipeline.Engine.Validate.Expressions.BatchColumns(Orders()), fails);
        // y (rows 2, 3) is missing; the null at row 4 is not checked.
        Assert.Equal([false, false, true, true, false, false], fails);

        var missing = Rules.For("k1").ExistsIn(path, "cod");
        var error = await Assert.ThrowsAsync<Pipeline.Core.Errors.PipelineException>(() => ReferenceData.LoadAsync([missing], context));
        Assert.Contains("no column 'cod'", error.Message);
        var numbers = Rules.For("k2").ExistsIn(path, "code");
        using var refs2 = await ReferenceData.LoadAsync([numbers], context);
        Assert.Throws<Pipeline.Core.Errors.PipelineException>(() => RowCheck.Compile(numbers, Orders().Schema, Tables.Now, refs2));
    }

    [Fact]
    public async Task RowCountEqualsComparesWithTheOtherTable()
    {
        using var dir = new TempDirectory();
        var six = dir.WriteText("six.csv", "v\n1\n2\n3\n4\n5\n6\n");
        var five = dir.WriteText("five.csv", "v\n1\n2\n3\n4\n5\n");
        using var context = new PipelineContext { Sources = FileSourceResolver.Instance };
        foreach (var (path, pass) in new[] { (six, true), (five, false) })
        {
            var rule = Rules.RowCountEquals(path);
            using var refs = await ReferenceData.LoadAsync([rule], context);
            var r = Table(rule, split: true, refs.RowCount(rule));
            Assert.Equal(pass, r.Passed);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExtraAggregatesAreExactOrBounded(bool split)
    {
        // b: 1, 2, 3, 4, 5, 6.5 -> sum 21.5, sample stddev 2.0104..., median between 3 and 4.
        Assert.Equal(21.5, Table(Rules.For("b").SumBetween(21, 22), split).Observed);
        Assert.False(Table(Rules.For("b").SumBetween(0, 21), split).Passed);
        Assert.Equal(2.0104, Table(Rules.For("b").StddevBetween(2, 2.1), split).Observed!.Value, 4);
        var median = Table(Rules.For("b").QuantileBetween(0.5, 3, 4), split);
        Assert.True(median.Passed, median.Message);
        // a skips NaN and null: 1, 2, 4, 6.
        Assert.Equal(13, Table(Rules.For("a").SumBetween(0, 100), split).Observed);
        Assert.Null(Table(Rules.For("status").SumBetween(0, 1), split).Observed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DistinctCountsAndRatios(bool split)
    {
        // status: shipped, new, shipped, shipped, null, new -> 2 distinct of 5 non-null.
        Assert.Equal(2, Table(Rules.For("status").DistinctCountBetween(2, 2), split).Observed);
        Assert.False(Table(Rules.For("status").DistinctCountBetween(3, 9), split).Passed);
        Assert.Equal(0.4, Table(Rules.For("status").UniqueRatioBetween(0, 1), split).Observed);
        Assert.False(Table(Rules.For("status").UniqueRatioBetween(0.5, 1), split).Passed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CompoundKeysAndPrimaryKeys(bool split)
    {
        // (k1, k2): (x,1) (x,2) (y,1) (y,1) (null,1) (x,1): (y,1) and (x,1) repeat once each; row 4 has a null key.
        var together = Table(Rules.UniqueTogether("k1", "k2"), split);
        Assert.False(together.Passed);
        Assert.Equal(2, together.FailedRows);
        Assert.Equal(["('x', 1)", "('y', 1)"], together.Examples.Select(e => e.Value));
        var pk = Table(Rules.PrimaryKey("k1", "k2"), split);
        Assert.Equal(3, pk.FailedRows);
        Assert.Contains("1 rows with a null key column", pk.Message);
        Assert.True(Table(Rules.PrimaryKey("b"), split).Passed);
        Assert.True(Table(Rules.UniqueTogether("k1", "b"), split).Passed);
    }

    [Fact]
    public void FreshnessMeasuresTheLatestTimeAgainstTheRunStart()
    {
        // Latest shipped_at is 2025-05-31 12:00, 12 hours before Now (2025-06-01).
        var fresh = Table(Rules.For("shipped_at").FreshWithin(TimeSpan.FromDays(1)), split: true);
        Assert.True(fresh.Passed);
        Assert.Equal(43200, fresh.Observed);
        var stale = Table(Rules.For("shipped_at").FreshWithin(TimeSpan.FromHours(6)), split: false);
        Assert.False(stale.Passed);
        Assert.Contains("2025-05-31T12:00:00Z", stale.Message);
    }

    [Fact]
    public void ColumnListRules()
    {
        var schema = Orders().Schema;
        string[] all = ["a", "b", "total", "when", "status", "shipped_at", "k1", "k2"];
        Assert.True(RuleOutcomes.Schema(Rules.ColumnsMatchList(all), schema).Passed);
        Assert.True(RuleOutcomes.Schema(Rules.ColumnsMatchSet([.. all.Reverse()]), schema).Passed);
        var order = RuleOutcomes.Schema(Rules.ColumnsMatchList([.. all.Reverse()]), schema);
        Assert.False(order.Passed);
        Assert.Contains("order is", order.Message);
        var set = RuleOutcomes.Schema(Rules.ColumnsMatchSet("a", "b", "zzz"), schema);
        Assert.Contains("missing [zzz]", set.Message);
        Assert.Contains("unexpected [total, when", set.Message);
        Assert.True(RuleOutcomes.Schema(Rules.NoUnexpectedColumns([.. all, "extra"]), schema).Passed);
        Assert.False(RuleOutcomes.Schema(Rules.NoUnexpectedColumns("a", "b"), schema).Passed);
    }

    [Fact]
    public void UniquenessSpillsPastTheMemoryBudgetAndStaysExact()
    {
        // 2M keys with every 10th repeated once: their table (8 bytes a slot, 70% full: 32 MiB) is past a 16 MiB pool.
        using var dir = new TempDirectory();
        using var context = new PipelineContext(new PipelineOptions { MemoryLimit = 16 << 20, SpillDirectory = dir.Path });
        var rule = Rules.For("id").Unique();
        var analyzer = new TableRuleAnalyzer([rule], context);
        var schema = new Schema.Builder().Field(f => f.Name("id").DataType(Int64Type.Default)).Build();
        for (int start = 0; start < 2_000_000; start += 50_000)
        {
            var b = new Int64Array.Builder();
            for (int i = start; i < start + 50_000; i++) b.Append((i % 10 == 9 ? i - 1 : i) * 7919L); // sparse: a hash table, not a bitmap
            analyzer.Update(new RecordBatch(schema, [b.Build()], 50_000));
        }
        var r = RuleOutcomes.Table(rule, analyzer.States[0], analyzer.Counter(0));
        Assert.True(analyzer.Counter(0)!.Spilled);
        Assert.Equal(200_000, r.FailedRows);
        Assert.Contains("spilled", r.Message);
        Assert.Equal(0, context.MemoryPool.Reserved);
    }
}
