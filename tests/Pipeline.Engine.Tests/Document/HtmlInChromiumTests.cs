using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Document;

/// <summary>The bundled example's report opened in headless Chromium, offline: it renders (a screenshot that is not
/// blank), its DOM has the expected title and sections, and it refers to nothing outside the file.</summary>
public class HtmlInChromiumTests
{
    [Fact]
    public async Task ExampleReportRendersOfflineWithItsTitle()
    {
        using var dir = new TempDirectory();
        var spec = SpecReader.ReadFile(Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "pipeline.yaml"));
        spec = spec with { Sinks = [] };
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("run") });
        Assert.True(job.Succeeded, job.Error?.ToString());
        var report = ResultsJson.Read(dir.File("run/results.json")).Report!;
        var url = new Uri(report).AbsoluteUri;

        var dom = await HeadlessChromium.RunAsync(dir.File("profile-dom"), "--dump-dom", url);
        Assert.True(dom.ExitCode == 0, dom.Stderr);
        Assert.Contains("<title>Pipeline report: orders.csv</title>", dom.Stdout);
        Assert.Contains("id=\"insights\"", dom.Stdout);
        Assert.Contains("<svg", dom.Stdout);

        var png = dir.File("shot.png");
        var shot = await HeadlessChromium.RunAsync(dir.File("profile-shot"), $"--screenshot={png}", "--window-size=1280,900", "--hide-scrollbars", url);
        Assert.True(File.Exists(png), shot.Stderr);
        var (width, height, distinctRows) = PngImage.Inspect(File.ReadAllBytes(png));
        Assert.Equal((1280, 900), (width, height));
        Assert.True(distinctRows > 100, $"the screenshot looks blank: {distinctRows} distinct pixel rows");

        if (Environment.GetEnvironmentVariable("PIPELINE_REPORT_SCREENSHOT") is { Length: > 0 } keep) File.Copy(png, keep, overwrite: true);
    }
}
