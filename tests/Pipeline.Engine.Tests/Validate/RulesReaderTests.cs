using Pipeline.Core.Errors;
using Pipeline.Hosting.Specs;
using Pipeline.Engine.Validate;
using Pipeline.Engine.Validate.Parsing;

namespace Pipeline.Engine.Tests.Validate;

public class RulesReaderTests
{
    public const string IssueYaml = """
        rules:
          - {name: amount_positive, column: amount, greater_than: 0}            # severity defaults to error
          - {name: customer_known, column: customer_id, not_null: true}
          - {name: region_known, column: region, not_null: true, severity: warn}
          - {name: status_valid, column: status, in_set: [new, paid, shipped]}
          - {name: email_shape, column: email, regex: '^[^@\s]+@[^@\s]+\.[a-z]{2,}$', severity: warn}
          - {name: shipped_after_ordered, expression: "shipped_at >= ordered_at"}
          - {name: order_id_unique, column: order_id, unique: true}
          - {name: enough_rows, row_count_between: [1, 100000000]}
        """;

    [Fact]
    public void ReadsTheIssueYamlAsWritten()
    {
        var rules = RulesReader.Parse(IssueYaml, "rules.yaml").Rules;
        Assert.Equal(8, rules.Count);
        Assert.Equal(Rules.For("amount").GreaterThan(0).Named("amount_positive"), rules[0] with { Location = null });
        Assert.Equal(RuleSeverity.Warn, rules[2].Severity);
        Assert.Equal(RuleAction.Keep, rules[2].EffectiveAction);
        Assert.Equal(RuleAction.Quarantine, rules[1].EffectiveAction);
        Assert.Equal(["new", "paid", "shipped"], rules[3].Values);
        Assert.Equal(@"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", rules[4].Text);
        Assert.Equal(RuleKind.Expression, rules[5].Kind);
        Assert.Equal(RuleKind.Unique, rules[6].Kind);
        Assert.Equal((1d, 100000000d), (rules[7].Low!.Value, rules[7].High!.Value));
        Assert.Equal("rules.yaml:2:5", rules[0].Location);
    }

    [Fact]
    public void ABareListIsAStandaloneRulesFileToo()
        => Assert.Equal(2, RulesReader.Parse("- {column: a, not_null: true}\n- {column: a, unique: true}\n", "r.yaml").Rules.Count);

    [Fact]
    public void ASpecAcceptsRules()
    {
        var spec = SpecReader.Parse("source: in.csv\n" + IssueYaml, "/tmp/spec.yaml");
        Assert.Equal(8, spec.Rules!.Rules.Count);
    }

    [Theory]
    [InlineData("- {column: a, greter_than: 0}", "r.yaml:1:15: unknown rule key 'greter_than' (did you mean 'greater_than'?)")]
    [InlineData("- {column: a, not_nul: true}", "did you mean 'not_null'?")]
    [InlineData("- {column: a, greater_than: 0, less_than: 5}", "a rule has one kind")]
    [InlineData("- {column: a, greater_than: x}", "r.yaml:1:29: greater_than must be a number")]
    [InlineData("- {column: a, between: [5, 1]}", "low 5 is above high 1")]
    [InlineData("- {column: a, regex: '(['}", "invalid regex")]
    [InlineData("- {column: a, shape: emial}", "did you mean 'email'?")]
    [InlineData("- {column: a, not_null: true, severity: fatal}", "severity must be 'error' or 'warn'")]
    [InlineData("- {expression: 'a >'}", "r.yaml:1:16: expression \"a >\": the expression ends too early at character 4")]
    [InlineData("- {greater_than: 0}", "'greater_than' needs 'column:'")]
    [InlineData("- {column: a}", "the rule has no kind")]
    [InlineData("- {column: a, unique: true, filter: 'a > 1'}", "only apply to row rules")]
    [InlineData("- {column: a, completeness_at_least: 1.5}", "fraction between 0 and 1")]
    [InlineData("- {name: x, column: a, not_null: true}\n- {name: x, column: b, not_null: true}", "rule name 'x' is used twice")]
    [InlineData("rulez: []", "did you mean 'rules'?")]
    public void MistakesAreReportedWithLineColumnAndSuggestion(string yaml, string message)
    {
        var ex = Assert.Throws<PipelineException>(() => RulesReader.Parse(yaml, "r.yaml"));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void AMisspeltRulesKeyInASpecGetsASuggestion()
    {
        var ex = Assert.Throws<PipelineException>(() => SpecReader.Parse("source: in.csv\nrule:\n  - {column: a, not_null: true}\n", "/tmp/s.yaml"));
        Assert.Contains("/tmp/s.yaml:2:1: unknown key 'rule' in the spec (did you mean 'rules'?)", ex.Message);
    }
}
