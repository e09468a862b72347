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

    /// <summary>Read only these row groups of the single file (<c>--row-groups A:B</c>); null: every row group.</summary>
    public Partitions.InputPartition? Partition
    {
        get => _partition;
        init
        {
            if (value is null) return;
            if (value.Unit != Partitions.PartitionUnit.RowGroups)
                throw new Core.Errors.PipelineException(Core.Errors.PipelineErrorKind.InvalidInput,
                    $"{Files[0]}: a Parquet file is partitioned by row groups (--row-groups A:B), not by {value.OptionName}");
            value.RequireOneFile(Files);
            _partition = value;
        }
    }

    private readonly Partitions.InputPartition? _partition;

    /// <inheritdoc />
    public bool CanReadRowGroups => _columns is null && !Files.Contains("-");

    /// <inheritdoc />
    public IRowGroupFile OpenRowGroups(string file, int batchSize, bool decodeColumnsInParallel)
    {
        var opened = ParquetRowGroupFile.Open(file, batchSize, decodeColumnsInParallel);
        if (_partition is null) return opened;
        try
        {
            var (start, end) = RowGroupRange(_partition, opened.RowGroupCount, file);
            return new RowGroupRangeFile(opened, start, end);
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>The row groups <c>[start, end)</c> a partition selects in a file of <paramref name="count"/> row groups
    /// (an end past the last row group means "to the end").</summary>
    /// <exception cref="Core.Errors.PipelineException">The start is past the last row group.</exception>
    internal static (int Start, int End) RowGroupRange(Partitions.InputPartition partition, int count, string file)
    {
        if (partition.Start > count)
            throw Core.Errors.PipelineException.InvalidInput(file, $"--row-groups {partition.RangeText}: the file has {count} row groups (0 to {count - 1})");
        return ((int)partition.Start, (int)Math.Min(partition.End, count));
    }

    /// <inheritdoc />
    public IArrowArrayStream Open(PipelineContext context)
    {
        if (Files.Contains("-"))
            throw Core.Errors.PipelineException.InvalidInput("standard input", "Parquet needs a seekable file (its footer is at the end); write the input to a file first");
        foreach (var file in Files)
            if (File.Exists(file)) context.Progress.AddTotal(new FileInfo(file).Length);
        return new ParquetBatchStream(Files, context, _columns, _dictionaryColumns, _partition);
    }
}
