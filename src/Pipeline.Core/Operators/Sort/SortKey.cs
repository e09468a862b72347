namespace Pipeline.Core.Operators.Sort;

/// <summary>One column of a sort order.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Descending">Largest first.</param>
/// <param name="NullsFirst">Nulls before every value (whatever the direction); default: nulls last.</param>
public sealed record SortKey(string Column, bool Descending = false, bool NullsFirst = false)
{
    /// <summary>The spec form: <c>column</c>, <c>column desc</c>, <c>column asc nulls first</c>.</summary>
    public override string ToString() => Column + (Descending ? " desc" : " asc") + (NullsFirst ? " nulls first" : " nulls last");
}
