using Pipeline.Kernels.Casts;

namespace Pipeline.Kernels.Tests.Casts;

public class DateValidityTests
{
    [Fact]
    public void Is_valid_agrees_with_the_calendar_including_century_leap_years()
    {
        foreach (var year in new[] { 1, 1600, 1700, 1900, 1999, 2000, 2023, 2024, 2100, 9999 })
            for (int month = 0; month <= 13; month++)
                for (int day = 0; day <= 32; day++)
                {
                    bool expected = month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
                    Assert.Equal(expected, Utf8DateParser.IsValid(year, month, day));
                }
        Assert.False(Utf8DateParser.IsValid(0, 1, 1));
        Assert.False(Utf8DateParser.IsValid(10000, 1, 1));
    }
}
