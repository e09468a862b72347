using System.Text;
using Pipeline.Kernels.Casts;

namespace Pipeline.Kernels.Tests.Casts;

public class NumberParserTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("+42", 42L)]
    [InlineData("  7 ", 7L)]
    [InlineData("\t-13", -13L)]
    [InlineData("007", 7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Int64_accepts_plain_whole_numbers(string text, long expected)
    {
        Assert.True(Utf8Int64Parser.TryParse(U(text), out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("1,000")]
    [InlineData("+-1")]
    [InlineData("++1")]
    [InlineData("-")]
    [InlineData("0x10")]
    [InlineData("12abc")]
    [InlineData("1 2")]
    public void Int64_rejects_anything_else(string text) => Assert.False(Utf8Int64Parser.TryParse(U(text), out _));

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-0.0", -0.0)]
    [InlineData("+2.5", 2.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-2", 0.01)]
    [InlineData(" 3.25 ", 3.25)]
    [InlineData("7.332000000000001", 7.332000000000001)]
    public void Double_accepts_decimal_and_exponent_forms(string text, double expected)
    {
        Assert.True(Utf8DoubleParser.TryParse(U(text), out var v, out var special));
        Assert.False(special);
        Assert.Equal(expected, v);
        if (text == "-0.0") Assert.True(double.IsNegative(v));
    }

    [Fact]
    public void Double_agrees_bit_for_bit_with_the_framework_parser_on_random_decimals()
    {
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            int decimals = random.Next(0, 25);
            var text = (random.NextDouble() * Math.Pow(10, random.Next(-5, 18)) * (random.Next(2) == 0 ? -1 : 1))
                .ToString("F" + Math.Min(decimals, 15), System.Globalization.CultureInfo.InvariantCulture);
            if (i % 3 == 0) text = "0.000" + random.Next(1, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Utf8DoubleParser.TryParse(U(text), out var v));
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(v));
        }
    }

    [Theory]
    [InlineData("0.00000000000000000000000123", 1.23e-24)]
    [InlineData("123456789012345678", 123456789012345678.0)]
    [InlineData("1.2345678901234567", 1.2345678901234567)]
    public void Double_falls_back_to_the_general_parser_beyond_the_fast_path(string text, double expected)
    {
        Assert.True(Utf8DoubleParser.TryParse(U(text), out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("+INF")]
    public void Double_accepts_special_values_and_flags_them(string text)
    {
        Assert.True(Utf8DoubleParser.TryParse(U(text), out var v, out var special));
        Assert.True(special);
        Assert.True(double.IsNaN(v) || double.IsInfinity(v));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("1,000.5")]
    [InlineData("$5")]
    [InlineData("1e")]
    [InlineData("-nan")]
    [InlineData("Nancy")]
    [InlineData("0x1p3")]
    public void Double_rejects_non_numbers(string text) => Assert.False(Utf8DoubleParser.TryParse(U(text), out _, out _));

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData(" False ", false)]
    public void Bool_accepts_true_and_false_in_any_case(string text, bool expected)
    {
        Assert.True(Utf8BoolParser.TryParse(U(text), out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("t")]
    [InlineData("truee")]
    [InlineData("")]
    public void Bool_leaves_numbers_and_codes_alone(string text) => Assert.False(Utf8BoolParser.TryParse(U(text), out _));

    [Theory]
    [InlineData("1,234.50", true)]
    [InlineData("$12.00", true)]
    [InlineData("12.5%", true)]
    [InlineData("(1,200)", true)]
    [InlineData("12 €", true)]
    [InlineData("1.234.567,89", true)]
    [InlineData("12,5", true)]
    [InlineData("-$3", true)]
    [InlineData("1234.5", false)]
    [InlineData("42", false)]
    [InlineData("1,23,4", false)]
    [InlineData("abc", false)]
    [InlineData("$", false)]
    [InlineData("%", false)]
    [InlineData("1,,2", false)]
    [InlineData("1.2.3", false)]
    [InlineData("", false)]
    public void Decimal_looking_strings_are_recognised(string text, bool expected)
        => Assert.Equal(expected, DecimalStringClassifier.IsDecimalLooking(U(text)));
}
