using Pipeline.Core.Errors;
using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Validate.Evaluation.Values;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>exists_in: {path: customers.parquet, column: id}</c>: the value exists in a column of another table
/// (referential integrity), whose distinct keys are loaded before the run.</summary>
internal sealed class ExistsInKind : ValueRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.ExistsIn;
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Consistency;
    /// <inheritdoc />
    public override bool NeedsReferenceKeys => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => rule with { Reference = RuleArguments.Reference(y, value, YamlKey, needsColumn: true) };
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleArguments.WriteReference(rule.Reference!);

    /// <inheritdoc />
    protected override ValueTest Test(RowBinding binding, ValueKind? kind)
    {
        var rule = binding.Rule;
        var keys = binding.References.Keys(rule);
        if (keys.Kind != kind)
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"{binding.Where}: '{rule.Column}' is {(kind is { } k ? ExpressionBinder.Name(k) : "of an unsupported type")} but {rule.Reference} is {ExpressionBinder.Name(keys.Kind)}");
        return keys.Test;
    }

    /// <inheritdoc />
    protected override string Expected(Rule rule) => $"a value of {rule.Reference}";
}
