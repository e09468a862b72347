using System.Text;
using Pipeline.Kernels.Casts;

namespace Pipeline.Kernels.Tests.Casts;

public class DateTimeParserTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);
    private static int Days(int y, int m, int d) => new DateOnly(y, m, d).DayNumber - new DateOnly(1970, 1, 1).DayNumber;

    [Theory]
    [InlineData("2024-02-29", DateFormats.IsoDash, 2024, 2, 29)]
    [InlineData("1970-01-01", DateFormats.IsoDash, 1970, 1, 1)]
    [InlineData("1969-12-31", DateFormats.IsoDash, 1969, 12, 31)]
    [InlineData("0001-01-01", DateFormats.IsoDash, 1, 1, 1)]
    [InlineData("9999-12-31", DateFormats.IsoDash, 9999, 12, 31)]
    [InlineData("2024/1/5", DateFormats.YearSlash, 2024, 1, 5)]
    [InlineData("12/31/2023", DateFormats.MonthDayYearSlash, 2023, 12, 31)]
    [InlineData("31/12/2023", DateFormats.DayMonthYearSlash, 2023, 12, 31)]
    [InlineData("31.12.2023", DateFormats.DayMonthYearDot, 2023, 12, 31)]
    [InlineData(" 2023-06-01 ", DateFormats.IsoDash, 2023, 6, 1)]
    public void Dates_parse_to_days_since_the_epoch(string text, DateFormats layout, int y, int m, int d)
    {
        Assert.True(Utf8DateParser.TryParse(U(text), DateFormats.All, out var days, out var matched));
        Assert.Equal(layout, DateFormatInfo.Preferred(matched));
        Assert.Equal(Days(y, m, d), days);
    }

    [Fact]
    public void An_ambiguous_slashed_date_fits_both_orders_and_prefers_month_first()
    {
        Assert.True(Utf8DateParser.TryParse(U("01/02/2024"), DateFormats.All, out var days, out var matched));
        Assert.Equal(DateFormats.MonthDayYearSlash | DateFormats.DayMonthYearSlash, matched);
        Assert.Equal(Days(2024, 1, 2), days);
        Assert.True(Utf8DateParser.TryParse(U("01/02/2024"), DateFormats.DayMonthYearSlash, out days, out _));
        Assert.Equal(Days(2024, 2, 1), days);
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("1900-02-29")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-04-31")]
    [InlineData("2024-1-05")]
    [InlineData("20240105")]
    [InlineData("2024-01-05x")]
    [InlineData("2024-01-051")]
    [InlineData("0000-01-01")]
    [InlineData("13/13/2024")]
    [InlineData("")]
    [InlineData("2024-01")]
    public void Invalid_dates_are_rejected(string text) => Assert.False(Utf8DateParser.TryParse(U(text), DateFormats.All, out _, out _));

    [Fact]
    public void Days_from_civil_agrees_with_dateonly_over_a_wide_range()
    {
        for (var d = new DateOnly(1600, 1, 1); d.Year < 2400; d = d.AddDays(37))
            Assert.Equal(d.DayNumber - new DateOnly(1970, 1, 1).DayNumber, Utf8DateParser.DaysFromCivil(d.Year, d.Month, d.Day));
    }

    [Theory]
    [InlineData("2024-03-01T10:20:30", "2024-03-01T10:20:30Z", false, true, 0)]
    [InlineData("2024-03-01 10:20", "2024-03-01T10:20:00Z", false, false, 0)]
    [InlineData("2024-03-01T10:20:30.123456789Z", "2024-03-01T10:20:30.123456Z", true, true, 9)]
    [InlineData("2024-03-01T10:20:30.5+02:00", "2024-03-01T08:20:30.5Z", true, true, 1)]
    [InlineData("2024-03-01T01:00:00-0530", "2024-03-01T06:30:00Z", true, true, 0)]
    [InlineData("2024-03-01T01:00:00+01", "2024-03-01T00:00:00Z", true, true, 0)]
    [InlineData("03/01/2024 10:20:30", "2024-03-01T10:20:30Z", false, true, 0)]
    [InlineData("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z", true, true, 6)]
    public void Timestamps_parse_to_utc_microseconds(string text, string expectedUtc, bool offset, bool seconds, int fraction)
    {
        Assert.True(Utf8TimestampParser.TryParse(U(text), DateFormats.All, out var micros, out var shape));
        var expected = DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((expected - DateTimeOffset.UnixEpoch).Ticks / 10, micros);
        Assert.Equal(offset, shape.HasOffset);
        Assert.Equal(seconds, shape.HasSeconds);
        Assert.Equal(fraction, shape.FractionDigits);
    }

    [Theory]
    [InlineData("2024-03-01")]
    [InlineData("2024-03-01T")]
    [InlineData("2024-03-01T24:00:00")]
    [InlineData("2024-03-01T10:60:00")]
    [InlineData("2024-03-01T10:00:61")]
    [InlineData("2024-03-01T10:00:00.")]
    [InlineData("2024-03-01T10:00:00+25:00")]
    [InlineData("2024-03-01T10:00:00 UTC")]
    [InlineData("2024-02-30T10:00:00")]
    [InlineData("2024-03-01X10:00:00")]
    public void Invalid_timestamps_are_rejected(string text) => Assert.False(Utf8TimestampParser.TryParse(U(text), DateFormats.All, out _, out _));

    [Fact]
    public void The_timestamp_pattern_describes_the_shape()
    {
        Assert.True(Utf8TimestampParser.TryParse(U("2024-03-01 10:20:30.123"), DateFormats.All, out _, out var shape));
        Assert.Equal("yyyy-MM-dd HH:mm:ss.fff", Utf8TimestampParser.Pattern(shape with { DateLayouts = DateFormats.IsoDash }));
    }
}
