using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Expressions;

namespace Pipeline.Engine.Tests.Expressions;

/// <summary>The fast evaluator (spans and bitmaps) against the general one, value by value: nulls on either side,
/// NaN, word boundaries (63/64/65 rows), empty batches, arrays sliced off a byte boundary, and dictionary columns
/// whose dictionaries differ from batch to batch.</summary>
public class FastPathTests
{
    private static readonly DictionaryType DictType = new(Int32Type.Default, StringType.Default, false);
    private static readonly TimestampType TsType = new(TimeUnit.Microsecond, (string?)null);

    private static readonly Schema Schema = new Schema.Builder()
        .Field(new Field("id", Int64Type.Default, true)).Field(new Field("amount", DoubleType.Default, true))
        .Field(new Field("quantity", Int32Type.Default, true)).Field(new Field("category", StringType.Default, true))
        .Field(new Field("dcat", DictType, true)).Field(new Field("active", BooleanType.Default, true))
        .Field(new Field("day", Date32Type.Default, true)).Field(new Field("ts", TsType, true))
        .Field(new Field("price", FloatType.Default, true)).Build();

    private static readonly string[] Words = ["Music", "Books", "", "ünïcødé", "Musical", "Mu", "Toys", "日本"];

    /// <summary>The shapes pipeline steps use, and mixes of covered and uncovered parts.</summary>
    public static TheoryData<string> Expressions() =>
    [
        "active and amount > 100", "amount * quantity", "amount > 0 and category != 'Music'", "coalesce(amount, 0) * 2",
        "case when quantity > 0 then amount / quantity else null end", "not active or amount is null", "amount = amount",
        "amount <= 50", "100 < amount", "'Music' < category", "category >= 'M'", "category = 'ünïcødé'", "category = ''",
        "category <= 'Musical'", "dcat = 'Music'", "dcat != 'Books' or active", "'Toys' > dcat", "quantity + id", "quantity * 3 - id",
        "id > quantity", "id != 7", "day < '2000-01-01'", "ts >= '2020-01-01'", "coalesce(active, amount > 5)",
        "case when active then quantity when amount > 10 then 1 end", "case when category = 'Books' then amount else 0 end",
        "quantity is not null and dcat is null", "category is null", "amount / 0", "-amount > 1 or upper(category) = 'TOYS'",
        "amount + price", "coalesce(quantity, id, 0)", "active or null", "active and not active", "amount > null",
        "case when active then day end", "amount between 10 and 500", "coalesce(null, amount)", "quantity in (1, 2, 3) and amount < 0",
    ];

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Fast_and_general_agree(string text)
    {
        var e = ScalarExpression.Bind(text, Schema);
        foreach (var batch in Batches())
            Assert.Equal(Values(e.EvaluateGeneral(batch)), Values(e.Evaluate(batch)));
    }

    [Theory]
    [InlineData("active and amount > 100")]
    [InlineData("amount * quantity")]
    [InlineData("amount > 0 and category != 'Music'")]
    [InlineData("coalesce(amount, 0) * 2")]
    [InlineData("case when quantity > 0 then amount / quantity else null end")]
    [InlineData("dcat = 'Music'")]
    public void Hot_shapes_take_the_fast_path(string text) => Assert.True(ScalarExpression.Bind(text, Schema).HasFastPath);

    [Fact]
    public void Overflow_on_a_null_row_is_not_an_error_but_on_a_valid_row_is()
    {
        var schema = new Schema.Builder().Field(new Field("a", Int64Type.Default, true)).Field(new Field("b", Int64Type.Default, true)).Build();
        var e = ScalarExpression.Bind("a * b + 1", schema);
        Assert.True(e.HasFastPath);
        var a = new Int64Array.Builder().Append(long.MaxValue).Append(3).Build();
        var nullB = new Int64Array.Builder().AppendNull().Append(4).Build();
        var masked = (Int64Array)e.Evaluate(new RecordBatch(schema, [a, nullB], 2));
        Assert.True(masked.IsNull(0));
        Assert.Equal(13, masked.GetValue(1));
        var b = new Int64Array.Builder().Append(2).Append(4).Build();
        var ex = Assert.Throws<InvalidOperationException>(() => e.Evaluate(new RecordBatch(schema, [a, b], 2)));
        Assert.Equal("integer overflow in 'a * b + 1'", ex.Message);
    }

    [Fact]
    public void A_batch_of_another_array_type_falls_back_to_the_general_evaluator()
    {
        var e = ScalarExpression.Bind("category = 'x'", Schema);
        // Bound for Utf8 but handed a string view column: the fast path declines, the answer is the same.
        var view = new StringViewArray.Builder().Append("x").AppendNull().Append("y").Build();
        var fields = Schema.FieldsList.Select(f => f.Name == "category" ? new Field("category", StringViewType.Default, true) : f);
        var batch = Build(3, 1, null);
        var columns = Enumerable.Range(0, batch.ColumnCount).Select(c => c == 3 ? view : batch.Column(c)).ToArray();
        var mixed = new RecordBatch(new Schema(fields, null), columns, 3);
        Assert.Equal([true, null, false], Values(e.Evaluate(mixed)));
    }

    private static IEnumerable<RecordBatch> Batches()
    {
        yield return Build(0, 1, null);
        yield return Build(1, 2, ["Music"]);
        yield return Build(63, 3, ["Books", "Music"]);
        yield return Build(64, 4, ["Toys", "Books", "Music", "Mu"]);
        yield return Build(65, 5, ["Music", null]);
        yield return Build(1000, 6, ["Toys", "Books"]);
        // Every column sliced off a byte boundary (offset 3) and mid-word (offset 70).
        foreach (int offset in new[] { 3, 70 })
        {
            var full = Build(500, 7 + offset, ["Books", "Music", "Toys"]);
            int length = 500 - offset - 11;
            var columns = Enumerable.Range(0, full.ColumnCount).Select(c => ArrowArrayFactory.Slice(full.Column(c), offset, length)).ToArray();
            yield return new RecordBatch(Schema, columns, length);
        }
    }

    private static RecordBatch Build(int n, int seed, string?[]? dictionary)
    {
        var r = new Random(seed);
        bool Null() => r.Next(8) == 0;
        var id = new Int64Array.Builder();
        var amount = new DoubleArray.Builder();
        var quantity = new Int32Array.Builder();
        var category = new StringArray.Builder();
        var indices = new Int32Array.Builder();
        var active = new BooleanArray.Builder();
        var day = new Date32Array.Builder();
        var ts = new TimestampArray.Builder(TsType);
        var price = new FloatArray.Builder();
        var dict = dictionary ?? ["Music"];
        for (int i = 0; i < n; i++)
        {
            if (Null()) id.AppendNull(); else id.Append(r.Next(-20, 20));
            if (Null()) amount.AppendNull(); else amount.Append(r.Next(30) == 0 ? double.NaN : Math.Round((r.NextDouble() - 0.3) * 1000, 2));
            if (Null()) quantity.AppendNull(); else quantity.Append(r.Next(-2, 6));
            if (Null()) category.AppendNull(); else category.Append(Words[r.Next(Words.Length)]);
            if (Null()) indices.AppendNull(); else indices.Append(r.Next(dict.Length));
            if (Null()) active.AppendNull(); else active.Append(r.Next(2) == 0);
            if (Null()) day.AppendNull(); else day.Append(new DateTime(1990, 1, 1).AddDays(r.Next(15000)));
            if (Null()) ts.AppendNull(); else ts.Append(new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(r.Next(10_000_000)));
            if (Null()) price.AppendNull(); else price.Append((float)r.NextDouble() * 100);
        }
        var dictValues = new StringArray.Builder();
        foreach (var d in dict) dictValues.Append(d);
        var dcat = new DictionaryArray(DictType, indices.Build(), dictValues.Build());
        return new RecordBatch(Schema, [id.Build(), amount.Build(), quantity.Build(), category.Build(), dcat, active.Build(), day.Build(), ts.Build(), price.Build()], n);
    }

    private static object?[] Values(IArrowArray result) => [.. Enumerable.Range(0, result.Length).Select(i => result.IsNull(i) ? null : result switch
    {
        Int64Array a => (object?)a.GetValue(i),
        DoubleArray a => a.GetValue(i),
        BooleanArray a => a.GetValue(i),
        Date32Array a => a.GetValue(i),
        TimestampArray a => a.GetValue(i),
        _ => result.GetType().Name,
    })];
}
