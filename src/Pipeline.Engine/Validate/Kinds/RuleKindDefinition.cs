using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>
/// Everything one rule kind means, in one place: its YAML key and argument (read and written back), what else it
/// takes, where it is evaluated (<see cref="RowRuleKind"/>, <see cref="TableRuleKind"/>,
/// <see cref="SchemaRuleKind"/> say how) and the quality dimension it measures. Kinds are stateless singletons,
/// found through <see cref="RuleKindRegistry"/>; the runner asks a kind for capabilities instead of testing which
/// kind it is.
/// </summary>
internal abstract class RuleKindDefinition
{
    /// <summary>The kind this definition describes (the identity <see cref="Rule.Kind"/> carries).</summary>
    public abstract RuleKind Kind { get; }

    /// <summary>The YAML key: the snake_case name of <see cref="Kind"/> unless a kind says otherwise.</summary>
    public virtual string YamlKey => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(Kind.ToString());

    /// <summary>Where the kind is evaluated.</summary>
    public abstract RuleScope Scope { get; }

    /// <summary>The quality dimension the kind's results count in (see <see cref="Quality.QualityScore"/>).</summary>
    public virtual string Dimension => QualityDimensions.Validity;

    /// <summary>Whether the kind needs <c>column:</c> (otherwise it refuses it).</summary>
    public virtual bool NeedsColumn => true;

    /// <summary>Whether <c>column:</c> may be given or left out (the kind's argument decides; overrides <see cref="NeedsColumn"/>'s refusal).</summary>
    public virtual bool ColumnOptional => false;

    /// <summary>Appended to the error when a kind that takes no <c>column:</c> is given one.</summary>
    public virtual string ColumnRefusalHint => "";

    /// <summary>Whether <c>exclusive:</c> applies.</summary>
    public virtual bool TakesExclusive => false;

    /// <summary>Whether <c>quantile:</c> applies (and is then required).</summary>
    public virtual bool TakesQuantile => false;

    /// <summary>Whether <c>tolerance:</c> applies.</summary>
    public virtual bool TakesTolerance => false;

    /// <summary>The error when the kind needs <c>when:</c> and has none; null when it does not need one.</summary>
    public virtual string? MissingWhen => null;

    /// <summary>Whether <see cref="Rule.Text"/> is an expression whose columns the rule reads.</summary>
    public virtual bool TextIsExpression => false;

    /// <summary>Whether <see cref="Rule.Columns"/> are columns the rule reads (schema list rules only name them).</summary>
    public virtual bool ReadsKeyColumns => true;

    /// <summary>Reads the value under the kind's key into <paramref name="rule"/>'s argument fields.</summary>
    /// <param name="y">The document, for typed access and located errors.</param>
    /// <param name="rule">The rule with its common keys read.</param>
    /// <param name="value">The node under the kind's key.</param>
    /// <exception cref="Core.Errors.PipelineException">The argument is invalid (<c>FILE:LINE:COLUMN</c>).</exception>
    public abstract Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value);

    /// <summary>The value under the kind's key as flow YAML, so that <see cref="ReadArgument"/> reads the same rule back.</summary>
    public abstract string WriteArgument(Rule rule);
}
