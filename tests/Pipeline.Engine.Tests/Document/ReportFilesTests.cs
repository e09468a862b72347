using System.Text.RegularExpressions;
using Pipeline.Core.Options;
using Pipeline.Engine.Document.Dictionary;
using Pipeline.Engine.Document.Html;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Document;

public class ReportFilesTests
{
    [Fact]
    public async Task SpecRunWritesReportDictionaryAndInsightsWithDescriptions()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "orders.csv"), dir.File("orders.csv"));
        var specPath = dir.WriteText("spec.yaml", """
            source: orders.csv
            profile: true
            columns:
              email: {description: Customer contact address}
            rules:
              - {name: amount_positive, column: amount, greater_than: 0}
              - {name: shipped_after_ordered, expression: "shipped_at >= ordered_at"}
            """);
        var spec = SpecReader.ReadFile(specPath);
        Assert.True(spec.Report);
        Assert.Equal("Customer contact address", spec.ColumnDescriptions["email"]);
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("run") });
        Assert.True(job.Succeeded, job.Error?.ToString());

        var results = ResultsJson.Read(dir.File("run/results.json"));
        Assert.NotEmpty(results.Insights);
        Assert.Equal(5, results.Narrative!.Executive.Count);
        Assert.Equal(Path.GetFullPath(dir.File("run/report.html")), results.Report);
        Assert.Contains(results.Insights, i => i.Kind == "quarantine" && i.Evidence["rows"] == results.Rows.Quarantined);

        var dictionary = File.ReadAllText(dir.File($"run/{DataDictionary.FileName}"));
        Assert.Matches(@"\| email \| [^|]+ \| email \| Customer contact address \|.*\| email \|", dictionary);
        Assert.Matches(@"\| amount \|.*\| amount_positive \|", dictionary);
        Assert.Matches(@"\| shipped_at \|.*\| shipped_after_ordered \|", dictionary);

        var html = File.ReadAllText(dir.File($"run/{HtmlReport.FileName}"));
        Assert.Contains("<title>Pipeline report: orders.csv</title>", html);
        foreach (var id in new[] { "summary", "insights", "checks", "missing", "correlations", "series", "columns", "dictionary", "notes", "run" })
            Assert.Contains($"<section id=\"{id}\">", html);
        Assert.Contains("amount_positive", html);
        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//|url\(\s*[""']?\s*(https?:)?//|@import", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public async Task SpecWithReportOffWritesNoReport()
    {
        using var dir = new TempDirectory();
        var input = dir.WriteText("in.csv", "a,b\n1,2\n3,4\n");
        var spec = SpecReader.Parse($"source: {input}\nprofile: true\nreport: false\n", dir.File("spec.yaml"));
        await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("run") });
        Assert.True(File.Exists(dir.File("run/profile.json")));
        Assert.False(File.Exists(dir.File("run/report.html")));
        Assert.Empty(ResultsJson.Read(dir.File("run/results.json")).Insights);
    }

    [Fact]
    public void UnknownColumnKeyIsReportedWithASuggestion()
    {
        var error = Assert.Throws<Core.Errors.PipelineException>(() => SpecReader.Parse("source: x.csv\ncolumns:\n  a: {descripton: x}\n", "/tmp/s.yaml"));
        Assert.Contains("description", error.Message);
        Assert.Contains(":3:", error.Message);
    }

    [Fact]
    public void DataArgumentsAreNotSpecs()
    {
        Assert.True(DefaultSpec.IsSpecPath("pipeline.YAML"));
        Assert.False(DefaultSpec.IsSpecPath("data/*.csv"));
        var spec = DefaultSpec.For("data.csv", new PipelineOptions());
        Assert.True(spec.Profile && spec.Report && spec.DefaultChecks);
        Assert.Empty(spec.Sinks);
    }
}
