using Pipeline.Core.Operators.Aggregate;
using static Pipeline.Core.Tests.Operators.HashAggregateReference;
using static Pipeline.Core.Tests.Operators.OperatorTestKit;

namespace Pipeline.Core.Tests.Operators;

/// <summary>One group key of each type (each has its own typed lookup) against LINQ, in order of first appearance.</summary>
public sealed class HashAggregateKeyTests
{
    private static readonly AggregateMeasure[] Measures =
    [
        new("n", MeasureFunction.CountRows),
        new("sx", MeasureFunction.Sum, "x"),
        new("minx", MeasureFunction.Min, "x"),
        new("maxx", MeasureFunction.Max, "x"),
        new("ax", MeasureFunction.Avg, "x"),
        new("si", MeasureFunction.Sum, "i"),
        new("fs", MeasureFunction.First, "s"),
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

    /// <summary>Grouping text of a key value: NaN with NaN and -0 with 0, as SQL groups them.</summary>
    private static string Key(object? value) => value switch
    {
        null => "∅",
        double d when double.IsNaN(d) => "NaN",
        double d => (d == 0 ? 0 : d).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    [Theory]
    [InlineData("g", false)]
    [InlineData("g", true)]
    [InlineData("k", false)]
    [InlineData("x", false)]
    [InlineData("i", false)]
    [InlineData("dec", false)]
    [InlineData("s", false)]
    [InlineData("day", false)]
    [InlineData("b", false)]
    public async Task A_single_key_of_each_type_groups_like_linq(string key, bool dictionary)
    {
        var data = new HashAggregateTestData(rows: 15_000, dictionary: dictionary);
        using var context = Unbounded();
        var rows = await RunAsync(new HashAggregateOperator([key], Measures), context, data.Schema, data.Batches());
        var expected = data.Rows.GroupBy(r => Key(Column(r, key)))
            .Select(g => (object?[])[Column(g.First(), key), .. Measures.Select(m => Compute(m, g.ToList(), r => Column(r, m.Column)))])
            .ToList();
        Assert.Equal(expected.Count, rows.Count);
        for (int r = 0; r < expected.Count; r++)
            for (int c = 0; c < expected[r].Length; c++)
                Assert.True(Same(expected[r][c], rows[r][c]), $"row {r}, column {c}: expected {expected[r][c] ?? "NULL"}, got {rows[r][c] ?? "NULL"}");
    }
}
