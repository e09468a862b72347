using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;

namespace Pipeline.Engine.Tests.Expressions;

public class ScalarExpressionTests
{
    private static readonly Schema Schema = new Schema.Builder()
        .Field(new Field("n", Int32Type.Default, true)).Field(new Field("x", DoubleType.Default, true))
        .Field(new Field("amount", new Decimal128Type(10, 2), true)).Field(new Field("name", StringType.Default, true))
        .Field(new Field("day", Date32Type.Default, true)).Field(new Field("at", new TimestampType(TimeUnit.Millisecond, "UTC"), true))
        .Field(new Field("flag", BooleanType.Default, true)).Field(new Field("end", Int64Type.Default, true)).Build();

    private static RecordBatch Batch()
    {
        var n = new Int32Array.Builder().Append(1).AppendNull().Append(-3).Build();
        var x = new DoubleArray.Builder().Append(0.5).Append(2).AppendNull().Build();
        var amount = new Decimal128Array.Builder(new Decimal128Type(10, 2)).Append(1.25m).AppendNull().Append(-2.5m).Build();
        var name = new StringArray.Builder().Append("a").AppendNull().Append("ç").Build();
        var day = new Date32Array.Builder().Append(new DateTime(2024, 2, 29)).AppendNull().Append(new DateTime(1969, 12, 31)).Build();
        var at = new TimestampArray.Builder(new TimestampType(TimeUnit.Millisecond, "UTC"))
            .Append(new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero)).AppendNull().Append(new DateTimeOffset(1960, 1, 1, 0, 0, 0, TimeSpan.Zero)).Build();
        var flag = new BooleanArray.Builder().Append(true).AppendNull().Append(false).Build();
        var end = new Int64Array.Builder().Append(long.MaxValue).Append(1).Append(2).Build();
        return new RecordBatch(Schema, [n, x, amount, name, day, at, flag, end], 3);
    }

    private static object?[] Values(string text)
    {
        using var batch = Batch();
        using var result = ScalarExpression.Bind(text, batch.Schema).Evaluate(batch);
        return [.. Enumerable.Range(0, result.Length).Select(i => result.IsNull(i) ? null : result switch
        {
            Int64Array a => (object?)a.Values[i],
            DoubleArray a => a.Values[i],
            BooleanArray a => a.GetValue(i),
            StringArray a => a.GetString(i),
            Decimal128Array a => a.GetValue(i),
            _ => result.GetType().Name,
        })];
    }

    [Theory]
    [InlineData("n + ", "the expression ends too early", 5)]
    [InlineData("case when n > 1 then 1", "expected 'end' to close 'case'", 23)]
    [InlineData("cast(n as bigint", "expected ')' to close 'cast'", 17)]
    [InlineData("n between 1 or 2", "expected 'and' in 'between'", 13)]
    [InlineData("extract(1 from day)", "expected a date part", 9)]
    [InlineData("n::", "expected a type name", 4)]
    public void SyntaxErrorsNameThePosition(string text, string message, int position)
    {
        var ex = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));
        Assert.Contains(message, ex.Message);
        Assert.Equal(position, ex.Position);
    }

    [Theory]
    [InlineData("nmae = 'a'", "did you mean 'name'", 1)]
    [InlineData("n + lowr(name)", "did you mean 'lower'", 5)]
    [InlineData("cast(n as intger)", "did you mean 'integer'", 11)]
    [InlineData("date_part('yeer', day)", "did you mean 'year'", 1)]
    [InlineData("n + name", "'+' needs numbers, but this is VARCHAR", 5)]
    [InlineData("n = name", "cannot combine BIGINT with VARCHAR", 3)]
    [InlineData("cast('x' as integer)", "could not convert 'x' to BIGINT", 1)]
    [InlineData("substr(name)", "substr() takes 2 to 3 arguments, got 1", 1)]
    [InlineData("regexp_matches(name, '(')", "invalid pattern", 22)]
    public void TypeErrorsNameThePositionAndSuggest(string text, string message, int position)
    {
        var ex = Assert.Throws<ExpressionException>(() => ScalarExpression.Bind(text, Schema));
        Assert.Contains(message, ex.Message);
        Assert.Equal(position, ex.Position);
    }

    [Fact]
    public void ACallWithoutArgumentsIsAnArityErrorNotACrash()
    {
        // Found by the expr fuzzer: every `name()` threw "Sequence contains no elements" while measuring its depth.
        var ex = Assert.Throws<ExpressionException>(() => ScalarExpression.Bind("abs()", Schema));
        Assert.Contains("abs()", ex.Message);
        Assert.Equal(1, ex.Position);
    }

    [Theory]
    [InlineData("n + 1", typeof(Int64Type))]
    [InlineData("n / 2", typeof(DoubleType))]
    [InlineData("n * x", typeof(DoubleType))]
    [InlineData("amount + n", typeof(Decimal128Type))]
    [InlineData("amount * x", typeof(DoubleType))]
    [InlineData("name || n", typeof(StringType))]
    [InlineData("day + 1", typeof(Date32Type))]
    [InlineData("day < at", typeof(BooleanType))]
    [InlineData("date_trunc('day', at)", typeof(TimestampType))]
    [InlineData("case when flag then 1 else 2.5 end", typeof(Decimal128Type))]
    [InlineData("coalesce(n, x)", typeof(DoubleType))]
    public void TypesPromoteAsInDuckDb(string text, Type expected)
        => Assert.IsType(expected, ScalarExpression.Bind(text, Schema).Type);

    [Fact]
    public void DecimalsKeepTheirScaleAndTimestampsTheirZone()
    {
        Assert.Equal(2, ((Decimal128Type)ScalarExpression.Bind("amount + n", Schema).Type).Scale);
        Assert.Equal(4, ((Decimal128Type)ScalarExpression.Bind("amount * amount", Schema).Type).Scale);
        Assert.Equal("UTC", ((TimestampType)ScalarExpression.Bind("date_trunc('hour', at)", Schema).Type).Timezone);
        Assert.Equal(TimeUnit.Microsecond, ((TimestampType)ScalarExpression.Bind("at", Schema).Type).Unit);
    }

    [Theory]
    [InlineData("flag and n > 0", new object?[] { true, null, false })]
    [InlineData("flag or n > 0", new object?[] { true, null, false })]
    [InlineData("not flag", new object?[] { false, null, true })]
    [InlineData("n > 0 or true", new object?[] { true, true, true })]
    [InlineData("n > 0 and false", new object?[] { false, false, false })]
    [InlineData("n in (1, null)", new object?[] { true, null, null })]
    [InlineData("n is null", new object?[] { false, true, false })]
    [InlineData("concat(name, n)", new object?[] { "a1", "", "ç-3" })]
    [InlineData("name || n", new object?[] { "a1", null, "ç-3" })]
    [InlineData("coalesce(n, 0)", new object?[] { 1L, 0L, -3L })]
    [InlineData("n % 0", new object?[] { null, null, null })]
    [InlineData("greatest(n, x)", new object?[] { 1.0, 2.0, -3.0 })]
    [InlineData("case when n > 0 then 'pos' end", new object?[] { "pos", null, null })]
    public void NullsFollowSqlThreeValuedLogic(string text, object?[] expected)
        => Assert.Equal(expected, Values(text));

    [Fact]
    public void DictionaryColumnsAreDecoded()
    {
        var type = new DictionaryType(Int16Type.Default, StringType.Default, false);
        var dict = new DictionaryArray(type, new Int16Array.Builder().Append(1).AppendNull().Append(0).Build(),
            new StringArray.Builder().Append("x").Append("y").Build());
        using var batch = new RecordBatch(new Schema.Builder().Field(new Field("c", type, true)).Build(), [dict], 3);
        using var result = (StringArray)ScalarExpression.Bind("upper(c)", batch.Schema).Evaluate(batch);
        Assert.Equal(["Y", null, "X"], Enumerable.Range(0, 3).Select(i => result.GetString(i)));
    }

    [Fact]
    public void IntegerOverflowIsAnErrorNamingTheExpression()
    {
        using var batch = Batch();
        var e = ScalarExpression.Bind("\"end\" + 1", batch.Schema);
        var ex = Assert.Throws<InvalidOperationException>(() => e.Evaluate(batch));
        Assert.Contains("integer overflow in '\"end\" + 1'", ex.Message);
    }

    [Fact]
    public void ColumnsListsEachReferencedColumnOnce()
        => Assert.Equal(["n", "x", "end"], ScalarExpression.Bind("n + x * n - \"end\"", Schema).Columns);

    [Fact]
    public void PredicatesMustBeBoolean()
    {
        Assert.IsType<BooleanType>(ScalarExpression.BindPredicate("n > 0 and flag", Schema).Type);
        Assert.IsType<BooleanType>(ScalarExpression.BindPredicate("null", Schema).Type);
        var ex = Assert.Throws<ExpressionException>(() => ScalarExpression.BindPredicate("n + 1", Schema));
        Assert.Contains("must be true or false", ex.Message);
    }

    [Fact]
    public void EvaluateLeavesTheBatchAlone()
    {
        using var batch = Batch();
        var before = ((Int32Array)batch.Column(0)).Values.ToArray();
        using var _ = ScalarExpression.Bind("n * 2", batch.Schema).Evaluate(batch);
        Assert.Equal(before, ((Int32Array)batch.Column(0)).Values.ToArray());
    }

    [Fact]
    public void ContextualWordsStayUsableAsColumnNames()
    {
        Assert.Equal([2L, 1L, 2L], Values("case when \"end\" > 1 then 2 else 1 end"));
        Assert.IsType<CaseExpr>(ExpressionParser.Parse("case n when 1 then 'one' end"));
        Assert.IsType<ColumnExpr>(ExpressionParser.Parse("end"));
    }

    [Fact]
    public void ParsingBoundsTheDepthOfNewSyntax()
    {
        var text = string.Concat(Enumerable.Repeat("cast(", 300)) + "n" + string.Concat(Enumerable.Repeat(" as bigint)", 300));
        Assert.Contains("nests deeper than", Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text)).Message);
    }

    [Fact]
    public void StrptimeReadsTheDocumentedCodes()
    {
        Assert.Equal([1_700_000_000.0 + 0.123456, 1_700_000_000.0 + 0.123456, 1_700_000_000.0 + 0.123456],
            Values("epoch(strptime('14 November 2023 10:13:20.123456 PM +0000', '%d %B %Y %I:%M:%S.%f %p %z'))"));
        Assert.Equal(["2023-318 Nov"], Values("strftime(strptime('23/318', '%y/%j'), '%Y-%j %b')").Distinct());
    }
}
