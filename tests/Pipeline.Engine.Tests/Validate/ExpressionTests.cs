using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Tests.Validate;

public class ExpressionTests
{
    [Theory]
    [InlineData("num >", "the expression ends too early", 6)]
    [InlineData("num > 0 and", "the expression ends too early", 12)]
    [InlineData("(num > 0", "expected ')'", 9)]
    [InlineData("num # 1", "unexpected character '#'", 5)]
    [InlineData("text = 'open", "unterminated string", 8)]
    [InlineData("num in 1", "expected '(' after 'in'", 8)]
    public void SyntaxErrorsNameThePosition(string text, string message, int position)
    {
        var ex = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));
        Assert.Contains(message, ex.Message);
        Assert.Equal(position, ex.Position);
    }

    [Theory]
    [InlineData("num > 'a'", "could not convert 'a' to DOUBLE")]
    [InlineData("num + text > 1", "'+' needs numbers")]
    [InlineData("lower(num) = 'a'", "lower() needs")]
    [InlineData("lowr(text) = 'a'", "did you mean 'lower'")]
    [InlineData("nmu > 1", "did you mean 'num'")]
    [InlineData("num", "a condition must be true or false")]
    public void TypeErrorsAreClear(string text, string message)
    {
        var ex = Assert.Throws<PipelineException>(() => Tables.Failing(Rules.Expression("e", text)));
        Assert.Contains(message, ex.Message);
        Assert.Contains("at character", ex.Message);
    }

    [Theory]
    // num: 5, -1, 0, null, NaN, 10; text: "a", "", null, "paid", "bob@x.com", "http://x.org"; id: 1, 2, 2, 3, null, 3
    // DuckDB's semantics (rules share the step expression engine): NaN sorts above every number, and a double
    // divided by zero is an infinity.
    [InlineData("num * 2 - 1 >= 9", new[] { 1, 2 })]
    [InlineData("num / 0 > 1", new[] { 1 })]
    [InlineData("case when num > 0 then true else text like 'p%' end", new[] { 1 })]
    [InlineData("not (num < 0)", new[] { 1 })]
    [InlineData("id in (1, 3)", new[] { 1, 2 })]
    [InlineData("id not in (1, 3)", new[] { 0, 3, 5 })]
    [InlineData("text is not null", new[] { 2 })]
    [InlineData("length(trim(text)) > 0", new[] { 1 })]
    [InlineData("upper(text) != 'PAID'", new[] { 3 })]
    [InlineData("year(day) = 2024 or month(day) = 12 or day(day) = 31", new[] { 1 })]
    [InlineData("-num < 0 and abs(num) = num", new[] { 1, 2, 4 })]
    [InlineData("\"num\" > 0 or `id` = 3", new[] { 1, 2 })]
    [InlineData("text = 'it''s'", new[] { 0, 1, 3, 4, 5 })]
    public void EvaluatesColumnAtATimeWithSqlNulls(string text, int[] failing)
        => Assert.Equal(failing, Tables.Failing(Rules.Expression("e", text)));

    /// <summary>Batches longer than one vector step (32 rows) with nulls in the condition and in the filter: the
    /// row-at-a-time definition (false fails; null, or a row the filter does not select, passes) decides.</summary>
    [Fact]
    public void ExpressionAndConditionalRulesOnLongBatchesFollowTheRowDefinition()
    {
        var random = new Random(5);
        const int n = 103;
        double?[] a = Enumerable.Range(0, n).Select(_ => random.Next(5) == 0 ? (double?)null : random.Next(-3, 4)).ToArray();
        double?[] b = Enumerable.Range(0, n).Select(_ => random.Next(6) == 0 ? (double?)null : random.Next(-3, 4)).ToArray();
        string?[] s = Enumerable.Range(0, n).Select(_ => random.Next(4) switch { 0 => null, 1 => "x", _ => "y" }).ToArray();
        var schema = new Schema([new Field("a", DoubleType.Default, true), new Field("b", DoubleType.Default, true), new Field("s", StringType.Default, true)], null);
        var batch = new RecordBatch(schema,
            [Doubles(a), Doubles(b), new StringArray.Builder().AppendRange(s).Build()], n);

        var lessThan = Enumerable.Range(0, n).Where(i => a[i] is { } x && b[i] is { } y && !(x < y)).ToArray();
        Assert.Equal(lessThan, Tables.Failing(Rules.Expression("e", "a < b"), batch));
        var whenX = Enumerable.Range(0, n).Where(i => s[i] == "x" && a[i] is { } x && !(x > 0)).ToArray();
        Assert.Equal(whenX, Tables.Failing(Rules.Conditional("c", "s = 'x'", "a > 0"), batch));
        var whenPositive = Enumerable.Range(0, n).Where(i => b[i] is > 0 && a[i] is null).ToArray();
        Assert.Equal(whenPositive, Tables.Failing(Rules.Conditional("c", "b > 0", "a is not null"), batch));
        Assert.NotEmpty(lessThan);
        Assert.NotEmpty(whenX);
        Assert.NotEmpty(whenPositive);
    }

    private static DoubleArray Doubles(double?[] values)
    {
        var builder = new DoubleArray.Builder();
        foreach (var v in values) { if (v is { } x) builder.Append(x); else builder.AppendNull(); }
        return builder.Build();
    }
}
