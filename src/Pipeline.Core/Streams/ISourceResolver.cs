namespace Pipeline.Core.Streams;

/// <summary>
/// Opens another table a stage needs by where it lives (a path, a glob, later a URI): the reference tables of
/// <c>exists_in</c> rules, for example. The host that knows the formats and drivers provides it through
/// <see cref="Execution.PipelineContext.Sources"/>, so the stages never name a format.
/// </summary>
public interface ISourceResolver
{
    /// <summary>Opens <paramref name="location"/>.</summary>
    /// <param name="location">A file, folder or glob (or anything else the host understands).</param>
    /// <param name="format">The format name, or null to detect it.</param>
    /// <param name="columns">Only these columns, or null for all.</param>
    /// <exception cref="Errors.PipelineException">The location cannot be opened.</exception>
    ISource Open(string location, string? format, IReadOnlyList<string>? columns);
}
