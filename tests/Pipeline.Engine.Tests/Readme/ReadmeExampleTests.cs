using Pipeline.Engine.Building;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Readme;

/// <summary>Runs the README's embedding example, and checks the README still shows exactly this code.
/// It changes the current directory, so it must not run beside other tests of this assembly.</summary>
[Collection(nameof(CurrentDirectoryCollection))]
public class ReadmeExampleTests
{
    // The body of this method is the README's example, byte for byte (after indentation is removed).
    private static async Task ExampleAsync()
    {
        // embedding-example:start
        var results = await DataPipeline
            .From("examples/orders/orders.csv")
            .To("out/orders.parquet")
            .WithRunFolder("out/run")
            .WithOptions(o => o with { BatchSize = 10_000 })
            .RunAsync();

        Console.WriteLine($"{results.Rows.Read} rows read, {results.Rows.Written} written, " +
                          $"{results.Rows.Quarantined} quarantined");
        foreach (var stage in results.Stages)
            Console.WriteLine($"{stage.Name}: {stage.RowsOut} rows in {stage.Seconds:0.000}s");
        // embedding-example:end
    }

    [Fact]
    public void TheReadmeShowsTheCodeThisTestRuns()
    {
        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "README.md"));
        var block = Between(readme, "<!-- embedding-example:start -->", "<!-- embedding-example:end -->");
        var readmeCode = Normalize(block.Replace("```csharp", "").Replace("```", "").Replace("using Pipeline.Engine.Building;", ""));
        var source = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "tests", "Pipeline.Engine.Tests", "Readme", "ReadmeExampleTests.cs"));
        var testCode = Normalize(Between(source, "// embedding-example:start", "// embedding-example:end"));
        Assert.Equal(testCode, readmeCode);
        Assert.Contains("using Pipeline.Engine.Building;", block);
    }

    [Fact]
    public async Task TheReadmeExampleRunsOnTheBundledData()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "examples", "orders"));
        File.Copy(Path.Combine(Corpus.RepositoryRoot, "examples", "orders", "orders.csv"), Path.Combine(dir.Path, "examples", "orders", "orders.csv"));
        var previous = Environment.CurrentDirectory;
        var output = new StringWriter();
        var previousOut = Console.Out;
        try
        {
            Environment.CurrentDirectory = dir.Path;
            Console.SetOut(output);
            await ExampleAsync();
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.CurrentDirectory = previous;
        }
        Assert.Contains("240 rows read, 238 written, 2 quarantined", output.ToString());
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "orders.parquet")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "run", "results.json")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "run", "quarantine.parquet")));
    }

    private static string Between(string text, string start, string end)
    {
        int s = text.IndexOf(start, StringComparison.Ordinal);
        int e = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(s >= 0 && e > s, $"markers {start} / {end} not found");
        return text[(s + start.Length)..e];
    }

    private static string Normalize(string code)
        => string.Join("\n", code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}

[CollectionDefinition(nameof(CurrentDirectoryCollection), DisableParallelization = true)]
public sealed class CurrentDirectoryCollection;
