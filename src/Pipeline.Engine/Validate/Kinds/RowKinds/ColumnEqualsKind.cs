using Pipeline.Core.Errors;
using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>column_equals: "subtotal + tax"</c> (with <c>tolerance:</c>): a number column equals an arithmetic
/// expression within a tolerance.</summary>
internal sealed class ColumnEqualsKind : RowRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.ColumnEquals;
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Consistency;
    /// <inheritdoc />
    public override bool TakesTolerance => true;
    /// <inheritdoc />
    public override bool TextIsExpression => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => rule with { Text = RuleArguments.Expression(y, value, YamlKey) };
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Quote(rule.Text!);

    /// <inheritdoc />
    public override RowEvaluator Bind(RowBinding binding)
    {
        var rule = binding.Rule;
        int column = binding.ColumnIndex();
        if (binding.KindOf(column) != ValueKind.Number)
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{binding.Where}: 'column_equals' needs a number column, but '{rule.Column}' is not one");
        var other = binding.Number(rule.Text!, $"{binding.Where}: \"{rule.Text}\"");
        if (other.Kind != ValueKind.Number) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{binding.Where}: \"{rule.Text}\" must compute a number");
        return new ColumnEqualsEvaluator(rule, column, other);
    }
}
