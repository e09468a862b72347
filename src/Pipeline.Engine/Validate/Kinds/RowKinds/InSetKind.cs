namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>in_set: [a, b]</c>: the value is one of the list.</summary>
internal sealed class InSetKind : SetKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.InSet;
    /// <inheritdoc />
    protected override bool Wanted => true;
    /// <inheritdoc />
    protected override string Expected(Rule rule) => $"in [{string.Join(", ", rule.Values!)}]";
}
