using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;
using System.Diagnostics;
using System.Text;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Validate.Parsing;
using Pipeline.Hosting.Running;
using Pipeline.Hosting.Specs;
using Pipeline.IO.Formats;
using Pipeline.Kernels.Text;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Hardening;

/// <summary>Expressions, YAML and patterns written to exhaust the stack or the clock end in a clear error (or a
/// quick answer), never in a crash or a hang.</summary>
public class HostileTextTests
{
    [Theory]
    [InlineData("parentheses")]
    [InlineData("unary")]
    [InlineData("sum")]
    [InlineData("not")]
    [InlineData("call")]
    public void DeepExpressionsAreRefusedWithTheirPosition(string shape)
    {
        string text = shape switch
        {
            "parentheses" => new string('(', 10_000) + "x" + new string(')', 10_000),
            "unary" => new string('-', 100_000) + "x",
            "sum" => string.Join(" + ", Enumerable.Repeat("x", 30_000)),
            "not" => string.Concat(Enumerable.Repeat("not ", 50_000)) + "x",
            _ => string.Concat(Enumerable.Repeat("abs(", 20_000)) + "x" + new string(')', 20_000),
        };
        var error = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(text));
        Assert.Contains("nests deeper than", error.Message);
        Assert.True(error.Position >= 1);
    }

    [Fact]
    public void ExpressionsWithinTheBoundStillParse()
    {
        var sum = ExpressionParser.Parse(string.Join(" + ", Enumerable.Repeat("x", 200)));
        Assert.Equal(200, sum.Depth);
        Assert.Equal(1, ExpressionParser.Parse(new string('(', 100) + "x" + new string(')', 100)).Depth);
    }

    [Fact]
    public void ADeepExpressionRuleIsBadInputNamingTheFile()
    {
        using var dir = new TempDirectory();
        var rules = dir.WriteText("rules.yaml", $"rules:\n  - {{name: deep, expression: \"{new string('(', 5000)}x > 0{new string(')', 5000)}\"}}\n");
        var error = Assert.Throws<PipelineException>(() => RulesReader.ReadFile(rules));
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
        Assert.Contains("rules.yaml:", error.Message);
    }

    [Fact]
    public void DeeplyNestedYamlIsRefusedWithItsLocation()
    {
        var yaml = "source: x.csv\nsinks: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var error = Assert.Throws<PipelineException>(() => SpecReader.Parse(yaml, "deep.yaml"));
        Assert.Contains("deep.yaml:2:", error.Message);
        Assert.Contains("nested deeper than", error.Message);
        var rules = "rules: " + new string('{', 1000) + new string('}', 1000);
        Assert.Contains("nested deeper than", Assert.Throws<PipelineException>(() => RulesReader.Parse(rules, "r.yaml")).Message);
    }

    [Fact]
    public void ANestedQuantifierOnNonAsciiValuesAnswersQuickly()
    {
        // (a+)+$ backtracks exponentially on a long run of a's that does not end the value; the DFA stops at the
        // non-ASCII byte, so the value goes to .NET, which must not backtrack.
        var regex = new Utf8Regex("(a+)+$");
        var value = Encoding.UTF8.GetBytes("é" + new string('a', 5000) + "!");
        var clock = Stopwatch.StartNew();
        Assert.False(regex.IsMatch(value));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.True(regex.IsMatch(Encoding.UTF8.GetBytes("é" + new string('a', 5000))));
    }

    [Fact]
    public async Task ABacktrackingPatternThatTimesOutIsARuleErrorNamingTheRule()
    {
        using var dir = new TempDirectory();
        // A backreference keeps the pattern on the backtracking engine; this value makes it explode.
        var csv = dir.WriteText("in.csv", "s\n" + new string('a', 40) + "é\nok\n");
        var rules = RulesReader.Parse("rules:\n  - {name: doubled, column: s, regex: '^(a+)+\\1$'}\n", "rules.yaml");
        var spec = new PipelineSpec(new SourceSpec(csv, new SourceOptions()), [], new PipelineOptions()) { Rules = rules };
        var clock = Stopwatch.StartNew();
        var job = await SpecRunner.RunAsync(new SpecRunRequest { Spec = spec, RunFolder = dir.File("run"), Command = "validate" });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
        var error = Assert.IsType<PipelineException>(job.Error);
        Assert.Equal(PipelineErrorKind.InvalidInput, error.Kind);
        Assert.Contains("rule 'doubled'", error.Message);
        Assert.Contains("catastrophic backtracking", error.Message);
    }
}
