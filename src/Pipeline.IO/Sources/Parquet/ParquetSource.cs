using Apache.Arrow.Ipc;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Core.Streams.RowGroups;

namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// Reads Parquet files through ParquetSharp's Arrow reader, one row group at a time, with column projection,
/// page checksum verification and a memory guard; several files are read as one stream when their schemas match.
/// Dictionary-encoded columns come back as ParquetSharp returns them (plain values unless the file stored an Arrow
/// dictionary type).
/// </summary>
public sealed class ParquetSource : IRowGroupSource
{
    private readonly IReadOnlyList<string>? _columns;

    /// <summary>Creates a source over <paramref name="files"/>, keeping only <paramref name="columns"/> (all when null).</summary>
    public ParquetSource(IReadOnlyList<string> files, IReadOnlyList<string>? columns)
    {
        if (files.Count == 0) throw new ArgumentException("at least one file is required", nameof(files));
        Files = files;
        _columns = columns;
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
        return new ParquetBatchStream(Files, context, _columns);
    }
}
