using Pipeline.Engine.Validate.Evaluation.Rows;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>not_null: true</c>: the value is not null. Checked from the validity bitmap (or definition levels)
/// alone; a row group whose footer says it has no nulls passes without decoding.</summary>
internal sealed class NotNullKind : RowRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.NotNull;
    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Completeness;
    /// <inheritdoc />
    public override FooterProof Proof => FooterProof.NeverNull;
    /// <inheritdoc />
    public override bool ChecksNullsOnly => true;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => RuleArguments.Flag(y, rule, value, YamlKey);
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => "true";

    /// <inheritdoc />
    public override RowEvaluator Bind(RowBinding binding) => new NullEvaluator(binding.Rule, binding.ColumnIndex());
}
