namespace Pipeline.Engine.Validate;

/// <summary>
/// Another table a rule compares with: a file (Parquet, CSV, ... opened through <c>FileFormats.OpenSource</c>) or
/// any source a registered opener understands (see <see cref="Evaluation.ReferenceSources"/>).
/// </summary>
/// <param name="Path">The table's path (or connection text for a registered opener), relative paths resolved against the rules file.</param>
/// <param name="Column">The column whose values are looked up (<c>exists_in</c>); null for <c>row_count_equals</c>.</param>
/// <param name="Format">The opener to use (<c>parquet</c>, <c>csv</c>, a registered name); null detects from the path.</param>
public sealed record RuleReference(string Path, string? Column = null, string? Format = null)
{
    /// <summary>How the reference shows in messages.</summary>
    public override string ToString() => Column is null ? Path : $"{Path}:{Column}";
}
