using System.Text;
using Pipeline.Kernels.Casts;

namespace Pipeline.Kernels.Tests.Casts;

public class DecimalParserTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    [Theory]
    [InlineData("12.5", 2, "1250")]
    [InlineData("-0.01", 2, "-1")]
    [InlineData("+7", 3, "7000")]
    [InlineData(" 1.500 ", 2, "150")]
    [InlineData(".5", 1, "5")]
    [InlineData("99999999999999999999999999999999999999", 0, "99999999999999999999999999999999999999")]
    public void Decimals_parse_to_unscaled_integers(string text, int scale, string expected)
    {
        Assert.True(Utf8DecimalParser.TryParse(U(text), scale, out var v));
        Assert.Equal(Int128.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), v);
    }

    [Theory]
    [InlineData("1.234", 2)]
    [InlineData("1e3", 2)]
    [InlineData("1,000", 0)]
    [InlineData("", 2)]
    [InlineData(".", 2)]
    [InlineData("-", 2)]
    [InlineData("1.2.3", 2)]
    [InlineData("100000000000000000000000000000000000000", 0)]
    [InlineData("9999999999999999999999999999999999999", 2)]
    public void Values_that_do_not_fit_exactly_are_rejected(string text, int scale)
        => Assert.False(Utf8DecimalParser.TryParse(U(text), scale, out _));

    [Theory]
    [InlineData("12.345", 3)]
    [InlineData("7", 0)]
    [InlineData("1.5e3", 1)]
    public void Fraction_digits_are_counted(string text, int expected) => Assert.Equal(expected, Utf8DecimalParser.FractionDigits(U(text)));
}
