using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Enrich.Pii;
using Pipeline.Engine.Enrich.Time;
using Xunit;

namespace Pipeline.Engine.Tests.Enrich;

public sealed class EnrichTests
{
    [Theory]
    [InlineData("4111 1111 1111 1111", true)]   // published Visa test number
    [InlineData("5555555555554444", true)]      // published Mastercard test number
    [InlineData("378282246310005", true)]       // published Amex test number
    [InlineData("4111111111111112", false)]
    [InlineData("1234", false)]
    public void Luhn_matches_published_test_cards(string value, bool expected) => Assert.Equal(expected, PiiDetectors.IsCard(value));

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]   // ISO 13616 / ECBS example
    [InlineData("DE89370400440532013000", true)]
    [InlineData("FR1420041010050500013M02606", true)]
    [InlineData("GB82 WEST 1234 5698 7654 33", false)]
    public void Iban_mod97_matches_published_examples(string value, bool expected) => Assert.Equal(expected, PiiDetectors.IsIban(value));

    [Fact]
    public void Hash_is_hmac_sha256_of_the_salt_and_the_salt_never_shows()
    {
        var salt = PiiSalt.FromTemplate("${X}", _ => "pepper", out _)!;
        var expected = Convert.ToHexStringLower(new System.Security.Cryptography.HMACSHA256("pepper"u8.ToArray()).ComputeHash("a@b.io"u8.ToArray()));
        Assert.Equal(expected, PiiMasks.Mask("hash", "email", "a@b.io", salt.Key));
        Assert.DoesNotContain("pepper", salt.ToString(), StringComparison.Ordinal);
        Assert.Null(PiiSalt.FromTemplate("pepper", _ => null, out var error));
        Assert.DoesNotContain("pepper", error!, StringComparison.Ordinal);
        Assert.Equal("******5678", PiiMasks.Mask("partial", "phone", "0612345678", null));
    }

    [Fact]
    public void Pii_masks_detected_values_and_counts_them()
    {
        var spec = new PiiSpec(true, new Dictionary<string, string> { ["card"] = "redact" }, null, null, null);
        var e = spec.Create("s");
        var schema = new Schema([new Field("c", StringType.Default, true)], null);
        var col = new StringArray.Builder().Append("4111111111111111").Append("hello").AppendNull().Build();
        var outBatch = e.Apply(new RecordBatch(e.Bind(schema), [col], 3));
        var text = (StringArray)outBatch.Column(0);
        Assert.Equal("[REDACTED]", text.GetString(0));
        Assert.Equal("hello", text.GetString(1));
        var d = Assert.Single(e.Result().Detected);
        Assert.Equal(("c", "card", 1L, 1L), (d.Column, d.Kind, d.Values, d.Masked));
    }

    [Fact]
    public void Time_conversion_matches_TimeZoneInfo_across_dst_and_holidays_match_published_list()
    {
        var spec = new TimeSpec("t", "UTC", "Europe/Paris", [TimePart.Find("hour")!, TimePart.Find("date")!], "FR", false, "local", null);
        var e = spec.Create("s");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var builder = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        int n = 366 * 24 - 2; // stay in 2024 (local time), the year of the published list
        for (int h = 0; h < n; h++) builder.Append(start.AddHours(h));
        var schema = new Schema([new Field("t", new TimestampType(TimeUnit.Microsecond, "UTC"), true)], null);
        var batch = e.Apply(new RecordBatch(schema, [builder.Build()], n));
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var local = (TimestampArray)batch.Column("local");
        var hour = (Int32Array)batch.Column("t_hour");
        var holiday = (BooleanArray)batch.Column("t_holiday");
        // Published French public holidays of 2024 (service-public.fr).
        var published = new HashSet<DateOnly>(new[] { "01-01", "04-01", "05-01", "05-08", "05-09", "05-20", "07-14", "08-15", "11-01", "11-11", "12-25" }
            .Select(md => DateOnly.Parse("2024-" + md, System.Globalization.CultureInfo.InvariantCulture)));
        for (int i = 0; i < n; i++)
        {
            var expected = TimeZoneInfo.ConvertTime(start.AddHours(i), paris);
            Assert.Equal(expected.DateTime, local.GetTimestamp(i)!.Value.DateTime);
            Assert.Equal(expected.Hour, hour.GetValue(i));
            Assert.Equal(published.Contains(DateOnly.FromDateTime(expected.DateTime)), holiday.GetValue(i));
        }
    }

    [Fact]
    public void Wall_time_in_a_dst_gap_is_shifted_forward_and_counted()
    {
        var spec = new TimeSpec("t", "Europe/Paris", "UTC", [], null, false, "utc", null);
        var e = spec.Create("s");
        var type = new TimestampType(TimeUnit.Microsecond, (string?)null);
        var col = new TimestampArray.Builder(type).Append(new DateTimeOffset(2024, 3, 31, 2, 30, 0, TimeSpan.Zero))
            .Append(new DateTimeOffset(2024, 10, 27, 2, 30, 0, TimeSpan.Zero)).Build();
        var batch = e.Apply(new RecordBatch(new Schema([new Field("t", type, true)], null), [col], 2));
        var utc = (TimestampArray)batch.Column("utc");
        Assert.Equal(new DateTime(2024, 3, 31, 1, 30, 0), utc.GetTimestamp(0)!.Value.DateTime);  // 03:30 CEST
        Assert.Equal(new DateTime(2024, 10, 27, 0, 30, 0), utc.GetTimestamp(1)!.Value.DateTime); // earlier: 02:30 CEST
        Assert.Equal(1, e.Result().Counts["dst_gap"]);
        Assert.Equal(1, e.Result().Counts["dst_overlap"]);
    }
}
