using Pipeline.Core.Options;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.IO.Formats;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Validate;

public class CorpusRuleTests
{
    private static async Task<RunResults> Validate(string file, string yaml, int parallelism = 2)
    {
        var spec = new PipelineSpec(new SourceSpec(Corpus.Path("seaborn-data", file), new SourceOptions()), [],
            new PipelineOptions { MaxDegreeOfParallelism = parallelism, BatchSize = 4096 }) { Rules = RulesReader.Parse(yaml, "rules.yaml") };
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec });
        Assert.True(job.Succeeded, job.Error?.ToString());
        Assert.Equal(job.Results.Rows.Read, job.Results.Rows.Passed + job.Results.Rows.Quarantined + job.Results.Rows.Dropped);
        return job.Results;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task DiamondsZeroDimensionsAndOutliers(int parallelism)
    {
        var r = await Validate("diamonds.csv", """
            - {name: no_zero_dimension, expression: "x != 0 and y != 0 and z != 0"}
            - {name: y_plausible, column: y, less_than: 20}
            - {name: z_plausible, column: z, less_than: 20}
            """, parallelism);
        var byName = r.Rules.ToDictionary(x => x.Name);
        Assert.Equal(20, byName["no_zero_dimension"].FailedRows);
        Assert.Equal(["58.9", "31.8"], byName["y_plausible"].Examples.Select(e => e.Value).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal("31.8", Assert.Single(byName["z_plausible"].Examples).Value);
        Assert.Equal(53940, r.Rows.Read);
        Assert.Equal(23, r.Rows.Quarantined);
        Assert.Equal("checks_failed", r.Status);
    }

    [Fact]
    public async Task PlanetsMassCompleteness()
    {
        var r = await Validate("planets.csv", """
            - {column: mass, completeness_at_least: 0.5}
            - {column: mass, null_fraction_at_most: 0.6}
            - {column: mass, not_null: true, severity: warn}
            """);
        Assert.Equal(0.495652, r.Rules[0].Observed);
        Assert.False(r.Rules[0].Passed);
        Assert.Contains("522 nulls of 1035", r.Rules[0].Message);
        Assert.True(r.Rules[1].Passed);
        Assert.Equal(522, r.Rules[2].FailedRows);
        Assert.Equal(0, r.Rows.Quarantined);
    }

    [Fact]
    public async Task MpgHorsepowerNulls()
    {
        var r = await Validate("mpg.csv", "- {column: horsepower, not_null: true}\n- {column: horsepower, positive: true}\n");
        Assert.Equal(6, r.Rules[0].FailedRows);
        Assert.True(r.Rules[1].Passed);
        Assert.Equal(398, r.Rows.Read);
        Assert.Equal(6, r.Rows.Quarantined);
    }
}
