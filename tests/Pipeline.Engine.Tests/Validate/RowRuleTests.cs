using Pipeline.Core.Errors;
using Pipeline.Engine.Validate;

namespace Pipeline.Engine.Tests.Validate;

public class RowRuleTests
{
    // num: 5, -1, 0, null, NaN, 10 — nulls are never checked by value rules; NaN fails every range rule.
    [Fact] public void NotNullFailsOnlyNulls() => Assert.Equal([3], Tables.Failing(Rules.For("num").NotNull()));
    [Fact] public void NotNullTreatsEmptyTextAsAValue() => Assert.Equal([2], Tables.Failing(Rules.For("text").NotNull()));
    [Fact] public void GreaterThanBoundaryAndNaN() => Assert.Equal([1, 2, 4], Tables.Failing(Rules.For("num").GreaterThan(0)));
    [Fact] public void GreaterOrEqualBoundary() => Assert.Equal([1, 4], Tables.Failing(Rules.For("num").GreaterOrEqual(0)));
    [Fact] public void LessThanBoundary() => Assert.Equal([4, 5], Tables.Failing(Rules.For("num").LessThan(10)));
    [Fact] public void LessOrEqualBoundary() => Assert.Equal([4], Tables.Failing(Rules.For("num").LessOrEqual(10)));
    [Fact] public void BetweenIsInclusive() => Assert.Equal([1, 4], Tables.Failing(Rules.For("num").Between(0, 10)));
    [Fact] public void BetweenExclusive() => Assert.Equal([1, 2, 4, 5], Tables.Failing(Rules.For("num").Between(0, 10, exclusive: true)));
    [Fact] public void NonNegative() => Assert.Equal([1, 4], Tables.Failing(Rules.For("num").NonNegative()));
    [Fact] public void Positive() => Assert.Equal([1, 2, 4], Tables.Failing(Rules.For("num").Positive()));
    [Fact] public void InSetOnText() => Assert.Equal([0, 1, 4, 5], Tables.Failing(Rules.For("text").InSet("paid")));
    [Fact] public void InSetOnNumbers() => Assert.Equal([1, 2, 4], Tables.Failing(Rules.For("num").InSet("5", "10")));
    [Fact] public void NotInSet() => Assert.Equal([3], Tables.Failing(Rules.For("text").NotInSet("paid")));
    [Fact] public void RegexChecksEmptyStringButNotNull() => Assert.Equal([1], Tables.Failing(Rules.For("text").Regex("^.+$")));
    [Fact] public void LengthBetween() => Assert.Equal([0, 1, 3], Tables.Failing(Rules.For("text").LengthBetween(5, 100)));
    [Fact] public void EmailShape() => Assert.Equal([0, 1, 3, 5], Tables.Failing(Rules.For("text").Shape("email")));
    [Fact] public void UrlShape() => Assert.Equal([0, 1, 3, 4], Tables.Failing(Rules.For("text").Shape("url")));
    [Fact] public void NotFutureUsesTheRunStart() => Assert.Equal([1], Tables.Failing(Rules.For("day").NotFuture()));
    [Fact] public void ExpressionFailsOnlyWhereFalse() => Assert.Equal([1, 2], Tables.Failing(Rules.Expression("e", "num > 0 or num is null or num != num")));
    [Fact] public void ExpressionWithDateLiteral() => Assert.Equal([0, 4], Tables.Failing(Rules.Expression("e", "day >= '2024-02-01'")));

    [Fact]
    public void FilterOnlyAppliesWhereTrue()
    {
        // id: 1, 2, 2, 3, null, 3 — rows 1 and 2 have id 2; of those -1 and 0 fail.
        Assert.Equal([1, 2], Tables.Failing(Rules.For("num").GreaterThan(0).Where("id = 2")));
        Assert.Equal([1], Tables.Failing(Rules.For("num").GreaterThan(0).Where("id = 2 and text = ''")));
    }

    [Fact]
    public void ShapesUuidIpPhone()
    {
        var values = new Apache.Arrow.StringArray.Builder()
            .Append("123e4567-e89b-12d3-a456-426614174000").Append("10.0.0.1").Append("::1").Append("+1 (555) 123-4567").Append("nope").Build();
        var schema = new Apache.Arrow.Schema.Builder().Field(f => f.Name("s").DataType(Apache.Arrow.Types.StringType.Default)).Build();
        var batch = new Apache.Arrow.RecordBatch(schema, [values], 5);
        Assert.Equal([1, 2, 3, 4], Tables.Failing(Rules.For("s").Shape("uuid"), batch));
        Assert.Equal([0, 3, 4], Tables.Failing(Rules.For("s").Shape("ip"), batch));
        Assert.Equal([0, 1, 2, 4], Tables.Failing(Rules.For("s").Shape("phone"), batch));
    }

    [Fact]
    public void UnknownColumnSuggestsTheClosest()
    {
        var ex = Assert.Throws<PipelineException>(() => Tables.Failing(Rules.For("nmu").GreaterThan(0)));
        Assert.Contains("did you mean 'num'", ex.Message);
    }

    [Fact]
    public void WrongColumnTypeIsAClearError()
    {
        var ex = Assert.Throws<PipelineException>(() => Tables.Failing(Rules.For("text").GreaterThan(0)));
        Assert.Contains("needs a number column", ex.Message);
    }
}
