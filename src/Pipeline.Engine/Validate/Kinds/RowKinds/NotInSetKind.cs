namespace Pipeline.Engine.Validate.Kinds.RowKinds;

/// <summary><c>not_in_set: [a, b]</c>: the value is none of the list.</summary>
internal sealed class NotInSetKind : SetKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.NotInSet;
    /// <inheritdoc />
    protected override bool Wanted => false;
    /// <inheritdoc />
    protected override string Expected(Rule rule) => $"not in [{string.Join(", ", rule.Values!)}]";
}
