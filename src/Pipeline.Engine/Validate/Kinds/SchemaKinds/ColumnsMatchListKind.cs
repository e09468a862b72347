namespace Pipeline.Engine.Validate.Kinds.SchemaKinds;

/// <summary><c>columns_match_list: [a, b]</c>: the input has exactly these columns, in this order.</summary>
internal sealed class ColumnsMatchListKind : ColumnListKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.ColumnsMatchList;
    /// <inheritdoc />
    protected override bool Passes(IReadOnlyList<string> actual, IReadOnlyList<string> wanted, int missing, int extra) => actual.SequenceEqual(wanted);
}
