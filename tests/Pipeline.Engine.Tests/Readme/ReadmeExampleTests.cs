using System.Text.RegularExpressions;
using Apache.Arrow;
using Pipeline.Hosting.Building;
using Pipeline.Engine.Validate;
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
        // Files in and out, with rules and a profile: out/run gets results.json, quarantine.parquet and profile.json
        var results = await DataPipeline
            .From("examples/orders/orders.csv")
            .Validate(Rules.For("amount").GreaterThan(0), Rules.For("status").InSet("new", "paid", "shipped"))
            .Profile()
            .To("out/orders.parquet")
            .WithRunFolder("out/run")
            .WithOptions(o => o with { BatchSize = 10_000 })
            .RunAsync();

        Console.WriteLine($"{results.Rows.Read} rows read, {results.Rows.Written} written, " +
                          $"{results.Rows.Quarantined} quarantined");
        foreach (var stage in results.Stages)
            Console.WriteLine($"{stage.Name}: {stage.RowsOut} rows in {stage.Seconds:0.000}s");

        // Your own batches in, batches out, no files: the run pauses while your consumer is busy
        async IAsyncEnumerable<RecordBatch> FromYourSystem()
        {
            for (long i = 0; i < 3; i++)
            {
                await Task.Yield();
                yield return new RecordBatch.Builder()
                    .Append("order_id", false, c => c.Int64(b => b.Append(3 * i).Append(3 * i + 1).Append(3 * i + 2)))
                    .Append("amount", false, c => c.Double(b => b.Append(12.5).Append(-3).Append(40)))
                    .Build();
            }
        }

        await using var run = DataPipeline
            .From(Source.Batches(FromYourSystem()))
            .Validate(Rules.For("amount").GreaterThan(0))
            .Stream();
        await foreach (var batch in run.Batches)
            using (batch) Console.WriteLine($"got {batch.Length} valid rows");
        Console.WriteLine($"streamed: {(await run.ResultsAsync()).Rows.Written} rows");
        // embedding-example:end
    }

    [Fact]
    public void TheReadmeShowsTheCodeThisTestRuns()
    {
        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "README.md"));
        var block = Between(readme, "<!-- embedding-example:start -->", "<!-- embedding-example:end -->");
        var readmeCode = Normalize(Regex.Replace(block.Replace("```csharp", "").Replace("```", ""), @"^using [\w.]+;\s*$", "", RegexOptions.Multiline));
        var source = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "tests", "Pipeline.Engine.Tests", "Readme", "ReadmeExampleTests.cs"));
        var testCode = Normalize(Between(source, "// embedding-example:start", "// embedding-example:end"));
        Assert.Equal(testCode, readmeCode);
        foreach (var name in new[] { "Apache.Arrow", "Pipeline.Hosting.Building", "Pipeline.Engine.Validate" })
            Assert.Contains($"using {name};", block);
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
        Assert.Equal(3, Regex.Matches(output.ToString(), "got 2 valid rows").Count);
        Assert.Contains("streamed: 6 rows", output.ToString());
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "run", "profile.json")));
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
