using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Core.Streams.RowGroups;

namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// Reads Parquet files through ParquetSharp's Arrow reader, one row group at a time, with column projection,
/// page checksum verification and a memory guard; several files are read as one stream when their schemas match.
/// Dictionary-encoded columns come back as ParquetSharp returns them (plain values unless the file stored an Arrow
/// dictionary type), except the requested dictionary columns of a single file (see <see cref="ParquetInput.Open"/>).
/// </summary>
public sealed class ParquetSource : IRowGroupSource
{
    private readonly IReadOnlyList<string>? _columns;
    private readonly IReadOnlyList<string>? _dictionaryColumns;

    /// <summary>Creates a source over <paramref name="files"/>, keeping only <paramref name="columns"/> (all when null).</summary>
    /// <param name="files">The files, read as one stream.</param>
    /// <param name="columns">Columns to read; null reads all.</param>
    /// <param name="dictionaryColumns">String columns the consumer takes dictionary-encoded; in a single file, those
    /// stored with a small dictionary come as Arrow dictionaries (several files decode them all, so their schemas
    /// match whatever each file holds).</param>
    public ParquetSource(IReadOnlyList<string> files, IReadOnlyList<string>? columns, IReadOnlyList<string>? dictionaryColumns = null)
    {
        if (files.Count == 0) throw new ArgumentException("at least one file is required", nameof(files));
        Files = files;
        _columns = columns;
        _dictionaryColumns = files.Count == 1 ? dictionaryColumns : null;
    }

    /// <summary>The requested columns (null: all).</summary>
    public IReadOnlyList<string>? Columns => _columns;

    /// <inheritdoc />
    public string Format => "parquet";

    /// <inheritdoc />
    public IReadOnlyList<string> Files { get; }

    /// <inheritdoc />
    public bool CanReadRowGroups => _columns is null && !Files.Contains("-");

    /// <inheritdoc />
    public IRowGroupFile OpenRowGroups(string file, int batchSize, bool decodeColumnsInParallel)
        => ParquetRowGroupFile.Open(file, batchSize, decodeColumnsInParallel);

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        if (Files.Contains("-"))
            throw Core.Errors.PipelineException.InvalidInput("standard input", "Parquet needs a seekable file (its footer is at the end); write the input to a file first");
        foreach (var file in Files)
            if (File.Exists(file)) context.Progress.AddTotal(new FileInfo(file).Length);
        return new ParquetBatchStream(Files, context, _columns, _dictionaryColumns);
    }
}
