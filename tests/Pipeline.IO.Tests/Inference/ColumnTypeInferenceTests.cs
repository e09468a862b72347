using System.Text;
using Pipeline.IO.Inference;

namespace Pipeline.IO.Tests.Inference;

public class ColumnTypeInferenceTests
{
    private static ColumnTypeInference Infer(params string[] values)
    {
        var inference = new ColumnTypeInference();
        foreach (var v in values) inference.Observe(Encoding.UTF8.GetBytes(v));
        return inference;
    }

    [Theory]
    [InlineData(InferredKind.Int64, "1", "2", "-3")]
    [InlineData(InferredKind.Double, "1", "2.5")]
    [InlineData(InferredKind.Double, "1.5", "2")]
    [InlineData(InferredKind.String, "1", "x")]
    [InlineData(InferredKind.String, "1.5", "2024-01-01")]
    [InlineData(InferredKind.Bool, "true", "False")]
    [InlineData(InferredKind.String, "true", "1")]
    [InlineData(InferredKind.Date, "2024-01-01", "2024-12-31")]
    [InlineData(InferredKind.Timestamp, "2024-01-01", "2024-01-02 10:00")]
    [InlineData(InferredKind.Timestamp, "2024-01-02T10:00:00Z", "2024-01-01")]
    [InlineData(InferredKind.String, "2024-01-01", "01/02/2024")]
    [InlineData(InferredKind.Double, "1", "NaN")]
    [InlineData(InferredKind.Double, "NaN", "2")]
    [InlineData(InferredKind.Double, "inf")]
    [InlineData(InferredKind.String, "NaN", "Bob")]
    [InlineData(InferredKind.Null)]
    public void Values_widen_along_the_lattice(InferredKind expected, params string[] values)
        => Assert.Equal(expected, Infer(values).Kind);

    [Fact]
    public void The_join_is_commutative_over_every_pair_of_kinds()
    {
        foreach (var a in Enum.GetValues<InferredKind>())
            foreach (var b in Enum.GetValues<InferredKind>())
                Assert.Equal(InferredKinds.Join(a, b), InferredKinds.Join(b, a));
        Assert.Equal(InferredKind.Double, InferredKinds.Join(InferredKind.Int64, InferredKind.Double));
        Assert.Equal(InferredKind.String, InferredKinds.Join(InferredKind.Bool, InferredKind.Int64));
    }

    [Fact]
    public void A_string_column_of_formatted_numbers_is_a_decimal_string_but_one_word_breaks_it()
    {
        Assert.True(Infer("$1,200.00", "15", "$3.50").IsDecimalString);
        Assert.False(Infer("$1,200.00", "n/a").IsDecimalString);
        Assert.False(Infer("12", "15").IsDecimalString);
    }

    [Fact]
    public void Type_names_round_trip_through_from_type_name()
    {
        foreach (var kind in new[] { InferredKind.Bool, InferredKind.Int64, InferredKind.Double, InferredKind.Date, InferredKind.Timestamp, InferredKind.String })
            Assert.Equal(kind, InferredKinds.FromTypeName(InferredKinds.TypeName(kind)));
        Assert.Null(InferredKinds.FromTypeName("money"));
    }

    [Fact]
    public void Fits_tells_whether_a_value_needs_widening()
    {
        var ints = Infer("1", "2");
        Assert.True(ints.Fits("3"u8));
        Assert.False(ints.Fits("3.5"u8));
        var dates = Infer("31/01/2024");
        dates.SettleLayout();
        Assert.True(dates.Fits("28/02/2024"u8));
        Assert.False(dates.Fits("2024-02-28"u8));
    }
}
