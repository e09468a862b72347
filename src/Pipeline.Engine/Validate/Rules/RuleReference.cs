namespace Pipeline.Engine.Validate;

/// <summary>
/// Another table a rule compares with, opened through the run's source resolver (see
/// <see cref="Evaluation.ReferenceSources"/>): from the CLI and DataPipeline, any file, folder or glob.
/// </summary>
/// <param name="Path">The table's path , relative paths resolved against the rules file.</param>
/// <param name="Column">The column whose values are looked up (<c>exists_in</c>); null for <c>row_count_equals</c>.</param>
/// <param name="Format">The format (<c>parquet</c>, <c>csv</c>, ...); null detects it from the path.</param>
public sealed record RuleReference(string Path, string? Column = null, string? Format = null)
{
    /// <summary>How the reference shows in messages.</summary>
    public override string ToString() => Column is null ? Path : $"{Path}:{Column}";
}
