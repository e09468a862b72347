using System.Globalization;
using System.Text;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Identifier columns correlate with anything ordered like them; the report leaves them out of the
/// correlation matrix and its strongest pairs, and says so.</summary>
public class IdColumnsTests
{
    [Fact]
    public async Task IdentifierColumnsStayOutOfTheCorrelationSection()
    {
        using var dir = new TempDirectory();
        var text = new StringBuilder("order_id,amount,quantity\n");
        var random = new Random(5);
        for (int i = 1; i <= 500; i++)
            text.Append(CultureInfo.InvariantCulture, $"{i},{i * 2.0 + random.NextDouble():0.00},{random.Next(1, 10)}\n");
        var csv = dir.WriteText("orders.csv", text.ToString());
        var results = await ReportRuns.RunDefaultAsync(csv, dir.File("run"));
        Assert.Equal("ok", results.Status);
        var html = File.ReadAllText(dir.File("run/report.html"));
        var section = html[html.IndexOf("Pearson correlation of numeric columns", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("identifier columns (order_id) are left out", section);
        Assert.DoesNotContain(">order_id<", section);
    }
}
