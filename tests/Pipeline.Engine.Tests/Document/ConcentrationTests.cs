using System.Text;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Document;

public class ConcentrationTests
{
    [Fact]
    public async Task TopOnePercentOfCustomersHoldingAThirdOfTheAmountIsReported()
    {
        // 1,000 customers with 5 orders each; the 10 largest (C0000..C0009) order 500 each, the others 10.
        var csv = new StringBuilder("customer,amount\n");
        for (int i = 0; i < 5000; i++) csv.Append($"C{i % 1000:0000},{(i % 1000 < 10 ? 500 : 10)}\n");
        using var dir = new TempDirectory();
        var results = await ReportRuns.RunDefaultAsync(dir.WriteText("orders.csv", csv.ToString()), dir.File("run"));
        var insight = results.Insights[ReportRuns.RankOf(results.Insights, "concentration", "customer", "amount")];
        Assert.Equal(10, insight.Evidence["top_keys"]);
        Assert.Equal(1000, insight.Evidence["keys"]);
        Assert.Equal(100.0 * 25_000 / 74_500, insight.Evidence["share_pct"], 3);
        Assert.Contains("C0000", insight.Title);
    }
}
