using Pipeline.Core.Errors;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;
using Pipeline.Hosting.Building;

namespace Pipeline.Engine.Tests.Analyze;

/// <summary>Every readable corpus file of every type profiles without an internal error, and the document never holds NaN.</summary>
public class ProfilerCorpusTests
{
    public static IEnumerable<object[]> Files()
    {
        var root = Corpus.Root;
        var parquet = Directory.GetFiles(Corpus.Path("parquet-testing", "data"), "*.parquet");
        var gold = Directory.GetDirectories(Corpus.Path("arrow-testing", "data", "arrow-ipc-stream", "integration"))
            .Where(d => !d.Contains("bigendian", StringComparison.Ordinal))
            .SelectMany(d => Directory.GetFiles(d, "*.stream"));
        return parquet.Concat(gold).Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetRelativePath(root, f) });
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task ProfilesOrRefusesAsBadInput(string file)
    {
        var format = file.EndsWith(".stream", StringComparison.Ordinal) ? "arrows" : null;
        ProfileReport report;
        try
        {
            report = await FileProfiler.ProfileAsync(Corpus.Path(file), new SourceOptions { Format = format });
        }
        catch (PipelineException ex) when (ex.IsUserError)
        {
            return; // refused on purpose (encrypted, corrupt, unsupported): the conformance tests check which
        }
        Assert.Equal(report.Columns.Count, report.ColumnCount);
        Assert.All(report.Columns, c => Assert.Equal(report.RowCount, c.Count + c.NullCount));
        var json = System.Text.Json.JsonSerializer.Serialize(report, Pipeline.Engine.Results.ResultsJson.Options);
        // Strict JSON: a bare NaN or Infinity number token (our serializer would allow them) fails to parse here.
        using var strict = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(report.RowCount, strict.RootElement.GetProperty("row_count").GetInt64());
    }
}
