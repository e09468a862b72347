using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Validate;
using Xunit;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>Conditions are read from the expression engine's Boolean bitmaps eight rows at a time: every length,
/// null pattern and filter must fail exactly the rows a row-by-row reading fails.</summary>
public sealed class ConditionMaskTests
{
    public static TheoryData<int> Lengths() => [0, 1, 7, 8, 9, 16, 23, 64, 67];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ExpressionsAndFiltersMatchARowByRowReading(int n)
    {
        var a = new Int64Array.Builder();
        var b = new Int64Array.Builder();
        var expected = new List<int>();
        var expectedFiltered = new List<int>();
        for (int i = 0; i < n; i++)
        {
            long? x = i % 5 == 3 ? null : (i * 7) % 11, y = i % 7 == 2 ? null : (i * 3) % 9;
            if (x is { } xv) a.Append(xv); else a.AppendNull();
            if (y is { } yv) b.Append(yv); else b.AppendNull();
            // "a <= b" is false (not null) where both are present and a > b; the filter "b > 2" selects b present and > 2.
            bool fails = x is { } p && y is { } q && p > q;
            if (fails) expected.Add(i);
            if (fails && y > 2) expectedFiltered.Add(i);
        }
        var schema = new Schema.Builder().Field(f => f.Name("a").DataType(Int64Type.Default)).Field(f => f.Name("b").DataType(Int64Type.Default)).Build();
        var batch = new RecordBatch(schema, [a.Build(), b.Build()], n);
        Assert.Equal(expected, Tables.Failing(Rules.Expression("e", "a <= b"), batch));
        Assert.Equal(expectedFiltered, Tables.Failing(Rules.Conditional("c", "b > 2", "a <= b"), batch));
        Assert.Equal(expectedFiltered, Tables.Failing(Rules.Expression("e", "a <= b").Where("b > 2"), batch));
        // A direct check behind a filter: "a >= 0" never fails, "a < 5" fails where a >= 5.
        var direct = Enumerable.Range(0, n).Where(i => i % 5 != 3 && (i * 7) % 11 >= 5 && i % 7 != 2 && (i * 3) % 9 > 2);
        Assert.Equal(direct, Tables.Failing(Rules.For("a").LessThan(5).Where("b > 2"), batch));
    }

    [Fact]
    public void TheNullLiteralSelectsNothing()
    {
        var schema = new Schema.Builder().Field(f => f.Name("a").DataType(Int64Type.Default)).Build();
        var batch = new RecordBatch(schema, [new Int64Array.Builder().AppendRange([1, 2, 3, 4, 5, 6, 7, 8, 9]).Build()], 9);
        Assert.Empty(Tables.Failing(Rules.Expression("e", "null"), batch));
        Assert.Empty(Tables.Failing(Rules.For("a").LessThan(0).Where("null"), batch));
    }
}
