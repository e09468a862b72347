namespace Pipeline.Engine.Validate.Kinds.SchemaKinds;

/// <summary><c>columns_match_set: [a, b]</c>: the input has exactly these columns, in any order.</summary>
internal sealed class ColumnsMatchSetKind : ColumnListKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.ColumnsMatchSet;
    /// <inheritdoc />
    protected override bool Passes(IReadOnlyList<string> actual, IReadOnlyList<string> wanted, int missing, int extra) => missing == 0 && extra == 0;
}
