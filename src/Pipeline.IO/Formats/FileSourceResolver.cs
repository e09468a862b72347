using Pipeline.Core.Streams;

namespace Pipeline.IO.Formats;

/// <summary>Opens files, folders and globs of any registered format for stages that need another table
/// (<see cref="Core.Execution.PipelineContext.Sources"/>).</summary>
public sealed class FileSourceResolver : ISourceResolver
{
    /// <summary>The one instance (it holds no state).</summary>
    public static FileSourceResolver Instance { get; } = new();

    /// <inheritdoc />
    public ISource Open(string location, string? format, IReadOnlyList<string>? columns)
        => FileFormats.OpenSource(location, new SourceOptions { Format = format, Columns = columns });
}
