using Pipeline.Core.Errors;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Orc;

/// <summary>Apache ORC (<c>orc</c>): recognised (extension <c>.orc</c>, magic <c>ORC</c>) only to be refused with the
/// alternatives, because no maintained .NET ORC reader exists (none is served in our package registry).</summary>
public sealed class OrcFormat : IFileFormat
{
    /// <inheritdoc />
    public string Name => "orc";

    /// <inheritdoc />
    public IReadOnlyList<string> Extensions { get; } = [".orc"];

    /// <inheritdoc />
    public InputAccess Access => InputAccess.Seekable;

    /// <inheritdoc />
    public bool MatchesContent(ReadOnlySpan<byte> head) => head.StartsWith("ORC"u8);

    /// <inheritdoc />
    public ISource CreateSource(IReadOnlyList<string> files, SourceOptions options)
        => throw PipelineException.InvalidInput(files[0],
            "is an ORC file, which Pipeline does not read: there is no maintained .NET ORC reader. Convert it to Parquet or Arrow first "
            + "(pyarrow: pyarrow.parquet.write_table(pyarrow.orc.read_table(FILE), OUT); Spark or Hive: INSERT INTO a Parquet table; "
            + "or have the producer write Parquet), then read that");

    /// <inheritdoc />
    public ISink? CreateSink(string path, SinkOptions options) => null;
}
