using Pipeline.Engine.Learn;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Kinds;
using Pipeline.Engine.Validate.Parsing;
using Xunit;

namespace Pipeline.Engine.Tests.Validate;

/// <summary>Every rule kind has one definition, found by its YAML key, and writes YAML that reads back as the same rule.</summary>
public sealed class RuleKindRegistryTests
{
    private static readonly string Other = Path.Combine(Path.GetTempPath(), "other.parquet");

    /// <summary>One rule of every kind, with every argument and kind-specific key it takes set.</summary>
    public static TheoryData<RuleKind> AllKinds() => [.. Enum.GetValues<RuleKind>()];

    private static Rule Sample(RuleKind kind)
    {
        var c = Rules.For("x");
        return kind switch
        {
            RuleKind.NotNull => c.NotNull(),
            RuleKind.GreaterThan => c.GreaterThan(0.5),
            RuleKind.GreaterOrEqual => c.GreaterOrEqual(-1),
            RuleKind.LessThan => c.LessThan(1e20),
            RuleKind.LessOrEqual => c.LessOrEqual(3),
            RuleKind.Between => c.Between(1, 2, exclusive: true),
            RuleKind.InSet => c.InSet("a", "it's", "c"),
            RuleKind.NotInSet => c.NotInSet("x"),
            RuleKind.Regex => c.Regex(@"^\d+'$"),
            RuleKind.LengthBetween => c.LengthBetween(1, 4),
            RuleKind.NonNegative => c.NonNegative(),
            RuleKind.Positive => c.Positive(),
            RuleKind.NotFuture => c.NotFuture(),
            RuleKind.Shape => c.Shape("email"),
            RuleKind.Expression => Rules.Expression("e", "a <= b * 100"),
            RuleKind.Format => c.Format("%Y-%m-%d"),
            RuleKind.ColumnEquals => c.EqualsExpression("a + b", 0.01),
            RuleKind.Conditional => Rules.Conditional("c", "status = 'paid'", "amount > 0"),
            RuleKind.ExistsIn => c.ExistsIn(Other, "id", "parquet"),
            RuleKind.RowCountBetween => Rules.RowCountBetween(1, 10),
            RuleKind.Unique => c.Unique(),
            RuleKind.CompletenessAtLeast => c.CompletenessAtLeast(0.9),
            RuleKind.NullFractionAtMost => c.NullFractionAtMost(0.1),
            RuleKind.MinBetween => c.MinBetween(0, 1),
            RuleKind.MaxBetween => c.MaxBetween(0, 1),
            RuleKind.MeanBetween => c.MeanBetween(0, 1),
            RuleKind.SumBetween => c.SumBetween(0, 1),
            RuleKind.StddevBetween => c.StddevBetween(0, 1),
            RuleKind.QuantileBetween => c.QuantileBetween(0.9, 0, 1),
            RuleKind.DistinctCountBetween => c.DistinctCountBetween(1, 5),
            RuleKind.UniqueRatioBetween => c.UniqueRatioBetween(0.5, 1),
            RuleKind.UniqueTogether => Rules.UniqueTogether("a", "b"),
            RuleKind.PrimaryKey => Rules.PrimaryKey("id"),
            // The .NET API writes the duration as the spec does, so it reads back.
            RuleKind.FreshWithin => c.FreshWithin(TimeSpan.FromHours(36) + TimeSpan.FromSeconds(1.5)),
            RuleKind.RowCountEquals => Rules.RowCountEquals(Other),
            RuleKind.ColumnExists => c.Exists(),
            RuleKind.ColumnType => c.HasType("integer"),
            RuleKind.ColumnsMatchSet => Rules.ColumnsMatchSet("a", "b"),
            RuleKind.ColumnsMatchList => Rules.ColumnsMatchList("a", "b"),
            RuleKind.NoUnexpectedColumns => Rules.NoUnexpectedColumns("a"),
            RuleKind.Drift => Rules.Drift("x", ("psi_at_most", 0.2), ("ks_at_most", 0.15)),
            RuleKind.Anomaly => Rules.Anomaly("row_count", null, "relative_rate_of_change", ("max_decrease", 0.5), ("max_increase", 2.0)),
            _ => Rules.SchemaUnchanged(),
        };
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void EveryKindIsFoundByItsYamlKey(RuleKind kind)
    {
        var definition = RuleKindRegistry.Of(kind);
        Assert.Equal(kind, definition.Kind);
        Assert.Same(definition, RuleKindRegistry.Find(kind.YamlName()));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void EveryKindReadsBackAsWritten(RuleKind kind)
    {
        var rule = Sample(kind);
        Assert.Equal(kind, rule.Kind);
        var yaml = RulesYaml.Write([new SuggestedRule(rule, "test")], "round trip");
        var read = Assert.Single(RulesReader.Parse(yaml, "rules.yaml").Rules);
        Assert.Equal((rule.Name, rule.Kind, rule.Column, rule.Low, rule.High, rule.Exclusive, rule.Text, rule.Filter, rule.Tolerance, rule.Quantile, rule.Reference),
            (read.Name, read.Kind, read.Column, read.Low, read.High, read.Exclusive, read.Text, read.Filter, read.Tolerance, read.Quantile, read.Reference));
        Assert.Equal(rule.Values, read.Values);
        Assert.Equal(rule.Columns, read.Columns);
    }

    [Fact]
    public void Durations_written_by_the_api_read_back_to_the_same_span()
    {
        foreach (var span in new[] { TimeSpan.FromSeconds(90), TimeSpan.FromHours(24), TimeSpan.FromDays(15) + TimeSpan.FromMinutes(7), TimeSpan.FromMilliseconds(1500) })
            Assert.Equal(span, Durations.TryParse(Durations.Format(span)));
        Assert.Equal("1d12h0.5s", Durations.Format(TimeSpan.FromHours(36) + TimeSpan.FromSeconds(0.5)));
    }
}
