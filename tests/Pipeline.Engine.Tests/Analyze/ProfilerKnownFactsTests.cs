using Pipeline.Core.Options;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.TestSupport;
using Pipeline.Hosting.Building;

namespace Pipeline.Engine.Tests.Analyze;

/// <summary>The profiler against the checked facts in corpus/KNOWN_FACTS.md (computed there with pandas).</summary>
public class ProfilerKnownFactsTests
{
    private static Task<ProfileReport> Profile(string file) => FileProfiler.ProfileAsync(Corpus.Path("seaborn-data", file));

    private static ColumnProfile Col(ProfileReport r, string name) => r.Columns.Single(c => c.Name == name);

    private static double Corr(ProfileReport r, string a, string b, string method = "pearson")
        => r.Correlations.Single(c => c.Method == method && (c.A == a && c.B == b || c.A == b && c.B == a)).Value;

    [Fact]
    public async Task Diamonds()
    {
        var r = await Profile("diamonds.csv");
        Assert.Equal(53940, r.RowCount);
        Assert.Equal(10, r.ColumnCount);
        Assert.Equal(146, r.DuplicateRowCount);
        Assert.True(r.DuplicateRowCountExact);
        Assert.Equal(0.92159, Corr(r, "carat", "price"), 4);
        Assert.Equal(0.97509, Corr(r, "x", "carat"), 4);
        Assert.Equal(-0.0106, Corr(r, "price", "depth"), 4);
        Assert.Equal(0.96288, Corr(r, "carat", "price", "spearman"), 2);
        var price = Col(r, "price");
        Assert.Equal(326.0, price.Min);
        Assert.Equal(18823.0, price.Max);
        Assert.Equal(3932.80, price.Mean!.Value, 2);
        Assert.InRange((double)price.Quantiles!["p50"]!, 2401 * 0.97, 2401 * 1.03); // KLL: price has > 10,000 distinct values
        Assert.True(price.Skewness > 1);
        var cut = Col(r, "cut");
        Assert.True(cut.TopValuesExact);
        Assert.Equal([("Ideal", 21551L), ("Premium", 13791L), ("Very Good", 12082L), ("Good", 4906L), ("Fair", 1610L)],
            cut.TopValues.Select(t => (t.Value, t.Count)));
        Assert.Equal("category", cut.SemanticType);
        Assert.Equal(8, Col(r, "x").Zeros);
        Assert.Equal(20, Col(r, "z").Zeros);
        Assert.Equal(58.9, Col(r, "y").Max);
        Assert.Contains(r.Alerts, a => a.Type == "high_correlation" && a.Column == "carat,price");
        Assert.Contains(r.Alerts, a => a.Type == "duplicates");
    }

    [Fact]
    public async Task Iris()
    {
        var r = await Profile("iris.csv");
        Assert.Equal(150, r.RowCount);
        Assert.Equal(1, r.DuplicateRowCount);
        Assert.Equal(0.96287, Corr(r, "petal_length", "petal_width"), 4);
        Assert.Equal(-0.11757, Corr(r, "sepal_length", "sepal_width"), 4);
        Assert.Equal(["setosa", "versicolor", "virginica"], Col(r, "species").TopValues.Select(t => t.Value));
        Assert.All(Col(r, "species").TopValues, t => Assert.Equal(50, t.Count));
        Assert.All(r.Columns, c => Assert.Equal(0, c.NullCount));
        // Exact quantiles while the values are counted exactly: pandas iris.petal_length.median() == 4.35.
        Assert.Equal(4.35, (double)Col(r, "petal_length").Quantiles!["p50"]!, 10);
    }

    [Fact]
    public async Task Penguins()
    {
        var r = await Profile("penguins.csv");
        foreach (var name in new[] { "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g" })
            Assert.Equal(2, Col(r, name).NullCount);
        Assert.Equal(11, Col(r, "sex").NullCount);
        Assert.Equal(3.198, Col(r, "sex").NullPct!.Value, 3);
        Assert.Equal([("Adelie", 152L), ("Gentoo", 124L), ("Chinstrap", 68L)], Col(r, "species").TopValues.Select(t => (t.Value, t.Count)));
        Assert.Equal(0.87120, Corr(r, "flipper_length_mm", "body_mass_g"), 4);
        Assert.Equal(-0.2351, Corr(r, "bill_length_mm", "bill_depth_mm"), 4);
        Assert.Equal(0, r.DuplicateRowCount);
        Assert.Contains(r.Correlations, c => c.Method == "cramers_v" && new[] { c.A, c.B }.Order().SequenceEqual(["island", "species"]));
    }

    [Fact]
    public async Task Tips()
    {
        var r = await Profile("tips.csv");
        Assert.Equal(1, r.DuplicateRowCount);
        Assert.Equal(0.67573, Corr(r, "total_bill", "tip"), 4);
        Assert.Equal(2.99828, Col(r, "tip").Mean!.Value, 5);
        Assert.Equal([("Sat", 87L), ("Sun", 76L), ("Thur", 62L), ("Fri", 19L)], Col(r, "day").TopValues.Select(t => (t.Value, t.Count)));
    }

    [Fact]
    public async Task MpgAndPlanets()
    {
        var mpg = await Profile("mpg.csv");
        Assert.Equal(6, Col(mpg, "horsepower").NullCount);
        Assert.Equal(-0.83174, Corr(mpg, "weight", "mpg"), 4);
        Assert.Equal([("usa", 249L), ("japan", 79L), ("europe", 70L)], Col(mpg, "origin").TopValues.Select(t => (t.Value, t.Count)));

        var planets = await Profile("planets.csv");
        Assert.Equal(522, Col(planets, "mass").NullCount);
        Assert.Equal(227, Col(planets, "distance").NullCount);
        Assert.Equal(43, Col(planets, "orbital_period").NullCount);
        Assert.Equal(4, planets.DuplicateRowCount);
        Assert.Equal(24.27, Col(planets, "orbital_period").Skewness!.Value, 2);
        Assert.Contains(planets.Alerts, a => a.Type == "skewed" && a.Column == "orbital_period");
        Assert.Contains(planets.Alerts, a => a.Type == "missing" && a.Column == "mass");
        Assert.Equal(10, Col(planets, "method").DistinctCount);
        Assert.Equal(("Radial Velocity", 553L), (Col(planets, "method").TopValues[0].Value, Col(planets, "method").TopValues[0].Count));
    }

    [Fact]
    public async Task Geyser()
    {
        var r = await Profile("geyser.csv");
        Assert.Equal(16, r.DuplicateRowCount);
    }

    [Fact]
    public async Task AConstantSeriesGivesNoNaNAndNoDivisionByZero()
    {
        var r = await FileProfiler.ProfileAsync(Corpus.Path("nab", "data", "artificialNoAnomaly", "art_flatline.csv"));
        var value = Col(r, "value");
        Assert.Equal(4032, value.Count);
        Assert.Equal(45.0, value.Min);
        Assert.Equal(0.0, value.Stddev);
        Assert.Null(value.Skewness);
        Assert.Equal("constant", value.SemanticType);
        Assert.Contains(r.Alerts, a => a.Type == "constant" && a.Column == "value");
        Assert.DoesNotContain(r.Correlations, c => c.A == "value" || c.B == "value");
        var json = System.Text.Json.JsonSerializer.Serialize(r, Pipeline.Engine.Results.ResultsJson.Options);
        Assert.DoesNotContain("NaN", json);
        Assert.Equal("datetime", Col(r, "timestamp").Kind);
        Assert.Equal("2014-04-01T00:00:00", Col(r, "timestamp").Min);
    }

    [Fact]
    public async Task NearDuplicateCategoriesAndMixedTypesAreFlagged()
    {
        using var dir = new TempDirectory();
        var lines = new List<string> { "city,amount" };
        string[] cities = ["NY", "ny ", "N.Y.", "Boston", "boston"];
        for (int i = 0; i < 200; i++) lines.Add($"{cities[i % cities.Length]},\"{i},{i % 100:00}\"");
        var path = dir.WriteText("c.csv", string.Join("\n", lines));
        var r = await FileProfiler.ProfileAsync(path);
        Assert.Contains(r.Alerts, a => a.Type == "near_duplicate_categories" && a.Column == "city" && a.Message.Contains("\"N.Y.\""));
        Assert.Equal("numeric_in_string", Col(r, "amount").SemanticType);
        Assert.Contains(r.Alerts, a => a.Type == "mixed_types" && a.Column == "amount");
    }
}
