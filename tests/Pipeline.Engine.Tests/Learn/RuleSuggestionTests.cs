using Pipeline.Core.Options;
using Pipeline.Engine.Learn;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Learn;

public class RuleSuggestionTests
{
    [Fact]
    public async Task DiamondsSuggestionsRoundTripAndHoldOut()
    {
        var path = Corpus.Path("seaborn-data/diamonds.csv");
        var result = await RuleSuggestion.RunAsync(() => FileFormats.OpenSource(path, new SourceOptions()), path, 0.2, new PipelineOptions());
        // The YAML reads back to the same rules.
        var read = RulesReader.Parse(result.Yaml, "suggested.yaml");
        Assert.Equal(result.Rules.Select(r => (r.Rule.Name, r.Rule.Kind, r.Rule.Column, r.Rule.Low, r.Rule.High)),
            read.Rules.Select(r => (r.Name, r.Kind, r.Column, r.Low, r.High)));
        Assert.Equal(result.Rules.Select(r => r.Rule.Values), read.Rules.Select(r => r.Values));
        var kinds = read.Rules.ToDictionary(r => r.Name, r => r);
        Assert.Equal(["Fair", "Good", "Ideal", "Premium", "Very Good"], kinds["cut_in_set"].Values);
        Assert.Equal(RuleKind.NonNegative, kinds["price_non_negative"].Kind);
        Assert.True(kinds["y_between"].High >= 58.9, "observed range widened, not cut");
        Assert.Equal(0, kinds["y_between"].Low);
        // 53,940 rows: about 20% held out, and deterministic.
        var h = result.Holdout!;
        Assert.InRange(h.Rows, 53940 * 0.18, 53940 * 0.22);
        Assert.Equal(53940, result.ProfiledRows + h.Rows);
        Assert.Equal(read.Rules.Count, h.Rules);
        Assert.Equal(h.Results.Count(r => !r.Passed), h.Fired);
        var again = await RuleSuggestion.RunAsync(() => FileFormats.OpenSource(path, new SourceOptions()), path, 0.2, new PipelineOptions { MaxDegreeOfParallelism = 1, BatchSize = 1000 });
        Assert.Equal(result.Yaml, again.Yaml);
        Assert.Equal(h.Rows, again.Holdout!.Rows);
    }

    [Fact]
    public async Task HeldOutRowsCanMakeSuggestionsFire()
    {
        using var dir = new TempDirectory();
        // Every row has code in {a, b} except a handful of 'z' rows; 'id' is unique. Some 'z' rows land on each side.
        var rows = Enumerable.Range(0, 2000).Select(i => $"{i},{(i % 397 == 0 ? "z" : i % 2 == 0 ? "a" : "b")},{i % 10}");
        var path = dir.WriteText("t.csv", "id,code,n\n" + string.Join("\n", rows) + "\n");
        var result = await RuleSuggestion.RunAsync(() => FileFormats.OpenSource(path, new SourceOptions()), path, 0.5, new PipelineOptions());
        var rules = RulesReader.Parse(result.Yaml, "s.yaml").Rules.ToDictionary(r => r.Name);
        Assert.Equal(RuleKind.Unique, rules["id_unique"].Kind);
        Assert.Equal(RuleKind.NotNull, rules["n_not_null"].Kind);
        Assert.True(result.Holdout!.Results.All(r => r.Name != "code_in_set" || r.Passed || r.FailedRows > 0));
        Assert.Equal(result.Holdout.Results.Count(r => !r.Passed), result.Holdout.Fired);
    }

    [Fact]
    public async Task ColumnsWithNullsAreJudgedOnTheirNonNullValues()
    {
        using var dir = new TempDirectory();
        // id: 300 distinct values and 200 nulls; near: 290 distinct of 300 non-null values and 200 nulls.
        var rows = Enumerable.Range(0, 500).Select(i => i < 300 ? $"{i},{(i < 290 ? i : 0)}" : ",");
        var path = dir.WriteText("nulls.csv", "id,near\n" + string.Join("\n", rows) + "\n");
        var result = await RuleSuggestion.RunAsync(() => FileFormats.OpenSource(path, new SourceOptions()), path, 0.0, new PipelineOptions());
        var rules = RulesReader.Parse(result.Yaml, "s.yaml").Rules.ToDictionary(r => r.Name);
        Assert.Equal(RuleKind.Unique, rules["id_unique"].Kind);
        var ratio = rules["near_unique_ratio_between"];
        Assert.InRange(ratio.Low!.Value, 0.9, 0.97);
        Assert.Equal(1, ratio.High);
    }

    [Fact]
    public async Task ASecondColumnOfTheSameNameGetsNoRules()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "twins.arrow");
        var schema = new Apache.Arrow.Schema.Builder()
            .Field(f => f.Name("v").DataType(Apache.Arrow.Types.Int64Type.Default))
            .Field(f => f.Name("v").DataType(Apache.Arrow.Types.StringType.Default))
            .Build();
        var ints = new Apache.Arrow.Int64Array.Builder().AppendRange(Enumerable.Range(0, 50).Select(i => (long)i)).Build();
        var texts = new Apache.Arrow.StringArray.Builder().AppendRange(Enumerable.Range(0, 50).Select(i => "t" + i)).Build();
        await using (var stream = File.Create(path))
        using (var writer = new Apache.Arrow.Ipc.ArrowFileWriter(stream, schema))
        {
            await writer.WriteRecordBatchAsync(new Apache.Arrow.RecordBatch(schema, [ints, texts], 50));
            await writer.WriteEndAsync();
        }
        var result = await RuleSuggestion.RunAsync(() => FileFormats.OpenSource(path, new SourceOptions()), path, 0.0, new PipelineOptions());
        var rules = RulesReader.Parse(result.Yaml, "s.yaml").Rules; // would throw on a name used twice
        Assert.Contains(rules, r => r.Name == "v_between");
        Assert.Equal(rules.Count, rules.Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public void NoSuggestionsStillMakeAValidRulesFile()
    {
        var yaml = RulesYaml.Write([], "nothing here");
        Assert.Empty(RulesReader.Parse(yaml, "empty.yaml").Rules);
    }

    [Fact]
    public void TheSplitIsStableAndRoughlyTheFraction()
    {
        int held = Enumerable.Range(0, 100_000).Count(i => HoldoutSource.IsHeldOut(i, 0.2));
        Assert.InRange(held, 19_000, 21_000);
        Assert.Equal(HoldoutSource.IsHeldOut(12345, 0.3), HoldoutSource.IsHeldOut(12345, 0.3));
    }

    [Fact]
    public async Task StandardInputCannotBeHeldOut()
    {
        var error = await Assert.ThrowsAsync<Pipeline.Core.Errors.PipelineException>(
            () => RuleSuggestion.RunAsync(() => FileFormats.OpenSource("-", new SourceOptions { Format = "csv" }), "-", 0.2, new PipelineOptions()));
        Assert.Contains("standard input", error.Message);
    }
}
