using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Evaluation;

namespace Pipeline.Engine.Tests.Validate;

public class TableRuleTests
{
    private static Pipeline.Engine.Results.RuleResult Run(Rule rule, bool split = false)
    {
        var batch = Tables.Mixed();
        var root = new TableRuleAnalyzer([rule]);
        if (split)
        {
            // Two partitions merged must equal one pass.
            var a = (TableRuleAnalyzer)root.CreateEmpty();
            var b = (TableRuleAnalyzer)root.CreateEmpty();
            a.Update(batch.Slice(0, 3));
            b.Update(batch.Slice(3, 3));
            root.Merge(b);
            root.Merge(a);
        }
        else root.Update(batch);
        return RuleOutcomes.Table(rule, root.States[0], root.Counter(0), now: Tables.Now);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UniqueCountsExtraOccurrencesAndIgnoresNulls(bool split)
    {
        // id: 1, 2, 2, 3, null, 3
        var r = Run(Rules.For("id").Unique(), split);
        Assert.False(r.Passed);
        Assert.Equal(2, r.FailedRows);
        Assert.Equal(["2", "3"], r.Examples.Select(e => e.Value));
        Assert.True(Run(Rules.For("text").Unique(), split).Passed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AggregatesMergeExactly(bool split)
    {
        Assert.Equal(6, Run(Rules.RowCountBetween(1, 10), split).Observed);
        Assert.False(Run(Rules.RowCountBetween(7, 10), split).Passed);
        var completeness = Run(Rules.For("num").CompletenessAtLeast(0.9), split);
        Assert.False(completeness.Passed);
        Assert.Equal(0.833333, completeness.Observed);
        Assert.True(Run(Rules.For("num").NullFractionAtMost(0.2), split).Passed);
        // NaN is skipped by min/max/mean: values 5, -1, 0, 10.
        Assert.Equal(-1, Run(Rules.For("num").MinBetween(-1, 0), split).Observed);
        Assert.Equal(10, Run(Rules.For("num").MaxBetween(0, 10), split).Observed);
        Assert.Equal(3.5, Run(Rules.For("num").MeanBetween(3, 4), split).Observed);
        Assert.False(Run(Rules.For("num").MaxBetween(0, 9), split).Passed);
    }

    [Fact]
    public void SchemaRules()
    {
        var schema = Tables.Mixed().Schema;
        Assert.True(RuleOutcomes.Schema(Rules.For("num").Exists(), schema).Passed);
        Assert.False(RuleOutcomes.Schema(Rules.For("nope").Exists(), schema).Passed);
        Assert.True(RuleOutcomes.Schema(Rules.For("id").HasType("integer"), schema).Passed);
        Assert.True(RuleOutcomes.Schema(Rules.For("id").HasType("int64"), schema).Passed);
        Assert.True(RuleOutcomes.Schema(Rules.For("day").HasType("date"), schema).Passed);
        var wrong = RuleOutcomes.Schema(Rules.For("text").HasType("number"), schema);
        Assert.False(wrong.Passed);
        Assert.Contains("is utf8, not number", wrong.Message);
    }
}
