using Apache.Arrow;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>A kind checked against the input schema alone, once, after the run.</summary>
internal abstract class SchemaRuleKind : RuleKindDefinition
{
    /// <inheritdoc />
    public sealed override RuleScope Scope => RuleScope.Schema;

    /// <inheritdoc />
    public override string Dimension => QualityDimensions.Consistency;

    /// <summary>Checks the schema (null when the run read none): whether it passed, and the message when it did not.</summary>
    public abstract (bool Passed, string? Message) Check(Rule rule, Schema? schema);
}
