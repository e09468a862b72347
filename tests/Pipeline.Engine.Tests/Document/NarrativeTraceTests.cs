using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Document;

/// <summary>Every number in the executive narrative is a number in results.json (or a count of one of its arrays),
/// as written or rounded; every operational sentence restates an insight.</summary>
public class NarrativeTraceTests
{
    private static void CollectNumbers(JsonElement element, List<double> numbers)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number: numbers.Add(element.GetDouble()); break;
            case JsonValueKind.Array:
                numbers.Add(element.GetArrayLength());
                foreach (var item in element.EnumerateArray()) CollectNumbers(item, numbers);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) CollectNumbers(property.Value, numbers);
                break;
        }
    }

    [Theory]
    [InlineData("seaborn-data", "penguins.csv")]
    [InlineData("seaborn-data", "planets.csv")]
    [InlineData("seaborn-data", "diamonds.csv")]
    public async Task ExecutiveNumbersComeFromTheResults(string folder, string file)
    {
        using var dir = new TempDirectory();
        var results = await ReportRuns.RunDefaultAsync(Corpus.Path(folder, file), dir.File("run"));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("run/results.json")));
        var numbers = new List<double>();
        foreach (var property in doc.RootElement.EnumerateObject().Where(p => p.Name != "narrative")) CollectNumbers(property.Value, numbers);

        Assert.Equal(5, results.Narrative!.Executive.Count);
        foreach (var sentence in results.Narrative.Executive)
        {
            // Numbers as written: 1,035 / 50.4 / -0.24; not digits inside names such as bill_length_mm.
            foreach (Match m in Regex.Matches(sentence, @"(?<![\w.])[-+]?\d[\d,]*(\.\d+)?(?![\w])"))
            {
                var text = m.Value.Replace(",", "").TrimStart('+');
                var value = double.Parse(text, CultureInfo.InvariantCulture);
                int decimals = m.Groups[1].Success ? m.Groups[1].Value.Length - 1 : 0;
                Assert.True(numbers.Any(n => Math.Abs(Math.Round(n, decimals) - value) < 1e-9 || Math.Abs(Math.Round(Math.Abs(n), decimals) - Math.Abs(value)) < 1e-9),
                    $"'{m.Value}' in \"{sentence}\" is not a number of results.json");
            }
        }
        foreach (var sentence in results.Narrative.Operational)
            Assert.Contains(results.Insights, i => sentence.Contains(i.Title, StringComparison.Ordinal));
    }
}
