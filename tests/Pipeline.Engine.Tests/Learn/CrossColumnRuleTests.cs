using System.Globalization;
using System.Text;
using Pipeline.Core.Options;
using Pipeline.Engine.Learn;
using Pipeline.Engine.Tests.Document;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Learn;

/// <summary>Cross-column rules that hold in the data become insights with a ready-to-paste rule and
/// <c>pipeline suggest</c> suggestions that pass on held-out rows; independent columns give none.</summary>
public class CrossColumnRuleTests
{
    /// <summary>Taxi-like trips: cash trips have no tip, dropoff follows pickup, total = fare + tip + tolls.</summary>
    private static string Trips(int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("pickup,dropoff,payment,fare,tip,tolls,total,zone\n");
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < rows; i++)
        {
            var pickup = start.AddMinutes(random.Next(100_000));
            var dropoff = pickup.AddMinutes(1 + random.Next(60));
            bool cash = random.Next(3) == 0;
            double fare = Math.Round(3 + random.NextDouble() * 57, 2);
            double tip = cash ? 0 : Math.Round(fare * random.NextDouble() * 0.3, 2);
            double tolls = random.Next(4) == 0 ? 5.76 : 0;
            csv.Append(CultureInfo.InvariantCulture,
                $"{pickup:yyyy-MM-dd HH:mm:ss},{dropoff:yyyy-MM-dd HH:mm:ss},{(cash ? "cash" : "card")},{fare},{tip},{tolls},{Math.Round(fare + tip + tolls, 2)},{"ABC"[random.Next(3)]}\n");
        }
        return csv.ToString();
    }

    [Fact]
    public async Task TripRulesAreInsightsWithRulesThatParse()
    {
        using var dir = new TempDirectory();
        var insights = (await ReportRuns.RunDefaultAsync(dir.WriteText("trips.csv", Trips(500, 3)), dir.File("run"))).Insights;
        var sum = insights[ReportRuns.RankOf(insights, "sum_rule", "total", "fare", "tip", "tolls")];
        Assert.Equal(500, sum.Evidence["support"]);
        Assert.Contains("column_equals: 'fare + tip + tolls'", sum.Rule);
        Assert.Equal("{name: 'tip_when_payment_cash', then: 'tip = 0', when: 'payment = ''cash'''}", insights[ReportRuns.RankOf(insights, "conditional_rule", "tip", "payment")].Rule);
        var order = insights[ReportRuns.RankOf(insights, "order_rule", "dropoff", "pickup")];
        Assert.Equal("{name: 'dropoff_not_before_pickup', expression: 'dropoff >= pickup'}", order.Rule);
        var cash = insights[ReportRuns.RankOf(insights, "conditional_rule", "tip", "payment")];
        Assert.Contains("tip is 0 whenever payment = cash", cash.Title);
        Assert.Equal(1, cash.Confidence);
        // A total is at least each of its parts: implied by the sum, not reported again.
        Assert.Equal(-1, ReportRuns.RankOf(insights, "order_rule", "total", "fare"));
        foreach (var rule in insights.Where(i => i.Rule is not null))
            Assert.Single(RulesReader.Parse("rules:\n  - " + rule.Rule + "\n", "insight").Rules);
    }

    [Fact]
    public async Task SuggestOffersTheCrossColumnRulesAndTheyHoldOnHeldOutRows()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteText("trips.csv", Trips(2000, 4));
        var result = await RuleSuggestion.RunAsync(() => FileFormats.OpenSource(path, new SourceOptions()), path, 0.3, new PipelineOptions());
        string[] names = ["total_is_sum", "dropoff_not_before_pickup", "tip_when_payment_cash"];
        foreach (var name in names)
        {
            Assert.Contains(result.Rules, r => r.Rule.Name == name);
            Assert.True(result.Holdout!.Results.Single(r => r.Name == name).Passed, name);
        }
    }

    [Fact]
    public async Task IndependentColumnsGiveNoCrossColumnRule()
    {
        var random = new Random(9);
        var csv = new StringBuilder("a,b,c,kind,flag\n");
        for (int i = 0; i < 1000; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{random.NextDouble() * 10:0.00},{random.NextDouble() * 10:0.00},{random.NextDouble() * 20:0.00},{"xyz"[random.Next(3)]},{random.Next(2)}\n");
        using var dir = new TempDirectory();
        var insights = (await ReportRuns.RunDefaultAsync(dir.WriteText("noise.csv", csv.ToString()), dir.File("run"))).Insights;
        Assert.DoesNotContain(insights, i => i.Rule is not null);
    }
}
