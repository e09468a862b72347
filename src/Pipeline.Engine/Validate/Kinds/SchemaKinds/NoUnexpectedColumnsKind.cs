namespace Pipeline.Engine.Validate.Kinds.SchemaKinds;

/// <summary><c>no_unexpected_columns: [a, b]</c>: the input has no column outside this list.</summary>
internal sealed class NoUnexpectedColumnsKind : ColumnListKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.NoUnexpectedColumns;
    /// <inheritdoc />
    protected override bool ReportsMissing => false;
    /// <inheritdoc />
    protected override bool Passes(IReadOnlyList<string> actual, IReadOnlyList<string> wanted, int missing, int extra) => extra == 0;
}
