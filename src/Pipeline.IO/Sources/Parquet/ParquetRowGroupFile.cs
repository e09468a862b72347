using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using ParquetSharp;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Core.Streams.RowGroups;

namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// One Parquet file opened for a reader that plans each row group itself: what the footer says about a row group's
/// columns (<see cref="Facts"/>), and the row group's batches with only the columns a consumer needs
/// (<see cref="Read"/>). Page checksums are verified; every native failure becomes a <see cref="PipelineException"/>
/// naming the file. Not thread-safe: open one per thread.
/// </summary>
public sealed class ParquetRowGroupFile : IRowGroupFile
{
    private readonly ParquetInput _input;
    private readonly int[][] _leaves;
    private readonly bool?[] _flatText;
    private bool? _writesNullCounts;

    private ParquetRowGroupFile(ParquetInput input)
    {
        _input = input;
        _leaves = Enumerable.Range(0, input.FileSchema.FieldsList.Count).Select(input.LeafColumns).ToArray();
        _flatText = new bool?[_leaves.Length];
    }

    /// <summary>Opens <paramref name="path"/>; batches hold at most <paramref name="batchSize"/> rows.</summary>
    /// <param name="path">The file.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="decodeColumnsInParallel">Let Arrow decode the columns of a row group on its own threads (worth it
    /// when the caller does not already read several row groups at once).</param>
    /// <exception cref="PipelineException">The file is missing, encrypted or not valid Parquet.</exception>
    public static ParquetRowGroupFile Open(string path, int batchSize, bool decodeColumnsInParallel)
    {
        var input = ParquetInput.Open(path, batchSize, null, decodeColumnsInParallel);
        try
        {
            return new ParquetRowGroupFile(input);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    /// <summary>The file path.</summary>
    public string Path => _input.Path;

    /// <summary>The file's Arrow schema (every top-level field).</summary>
    public Schema Schema => _input.FileSchema;

    /// <summary>Number of row groups.</summary>
    public int RowGroupCount => _input.RowGroupCount;

    /// <summary>File size in bytes.</summary>
    public long FileSize => _input.FileSize;

    /// <summary>Rows in <paramref name="rowGroup"/> as the footer declares them, and the compressed bytes of all its
    /// columns (what progress counts).</summary>
    public (long Rows, long CompressedBytes) Sizes(int rowGroup)
    {
        var (rows, _, compressed) = _input.RowGroupSizes(rowGroup, []);
        return (rows, compressed);
    }

    /// <summary>What the footer proves about field <paramref name="field"/> in <paramref name="rowGroup"/>.</summary>
    public ColumnChunkFacts Facts(int rowGroup, int field) => ParquetInput.Guard(Path, () =>
    {
        if (_leaves[field] is not [int leaf]) return ColumnChunkFacts.None;
        var descriptor = _input.ParquetReader.FileMetaData.Schema.Column(leaf);
        if (descriptor.MaxRepetitionLevel != 0) return ColumnChunkFacts.None;
        if (descriptor.MaxDefinitionLevel == 0 && !StoresRawValue(descriptor, Schema.FieldsList[field].DataType)) return new ColumnChunkFacts(0, null, null);
        using var group = _input.ParquetReader.RowGroup(rowGroup);
        using var chunk = group.MetaData.GetColumnChunkMetaData(leaf);
        // parquet-cpp withholds statistics it knows to be wrong (old writers' sort orders): IsStatsSet is false then.
        if (!chunk.IsStatsSet) return new ColumnChunkFacts(descriptor.MaxDefinitionLevel == 0 ? 0 : null, null, null);
        using var stats = chunk.Statistics;
        // A flat optional column (one definition level, not inside a struct): its null values are its null rows.
        long? nulls = descriptor.MaxDefinitionLevel == 0 ? 0
            : descriptor.MaxDefinitionLevel == 1 && Schema.FieldsList[field].DataType is not NestedType && WritesNullCounts && stats is not null ? stats.NullCount
            : null;
        if (!StoresRawValue(descriptor, Schema.FieldsList[field].DataType)) return new ColumnChunkFacts(nulls, null, null);
        return stats switch
        {
            Statistics<long> { HasMinMax: true } l => new ColumnChunkFacts(nulls, l.Min, l.Max),
            Statistics<int> { HasMinMax: true } i => new ColumnChunkFacts(nulls, i.Min, i.Max),
            _ => new ColumnChunkFacts(nulls, null, null),
        };
    });

    /// <summary>Whether the file's writer always writes a null count with its statistics. The count is optional in
    /// the format and ParquetSharp reads a missing one as 0, so only writers known to write it are believed:
    /// parquet-cpp / Arrow C++, parquet-mr (Java), parquet-rs (which leaves it out only when it is 0), DuckDB, and
    /// this engine's own Parquet sink (Arrow C++ underneath, created_by "Pipeline").</summary>
    private bool WritesNullCounts => _writesNullCounts ??= ParquetInput.Guard(Path, () =>
    {
        string createdBy = _input.ParquetReader.FileMetaData.CreatedBy ?? "";
        return createdBy.StartsWith("parquet-cpp", StringComparison.Ordinal) || createdBy.StartsWith("parquet-mr", StringComparison.Ordinal)
            || createdBy.StartsWith("parquet-rs", StringComparison.Ordinal) || createdBy.StartsWith("DuckDB", StringComparison.Ordinal)
            || createdBy == Sinks.Parquet.ParquetSinkWriter.CreatedBy;
    });

    /// <summary>Whether the Arrow array of this column holds the Parquet value unchanged (signed integers, dates,
    /// timestamps of the same unit), so the footer's minimum and maximum are its minimum and maximum too. Unsigned
    /// and decimal columns sort differently, and a stored Arrow schema can ask for another unit: none of them qualify.</summary>
    private static bool StoresRawValue(ColumnDescriptor descriptor, IArrowType arrow)
    {
        using var logical = LogicalTypeOf(descriptor);
        return (descriptor.PhysicalType, logical, arrow) switch
        {
            (PhysicalType.Int64, NoneLogicalType, Int64Type) => true,
            (PhysicalType.Int32, NoneLogicalType, Int32Type) => true,
            (PhysicalType.Int64, IntLogicalType { IsSigned: true, BitWidth: 64 }, Int64Type) => true,
            (PhysicalType.Int32, IntLogicalType { IsSigned: true, BitWidth: 32 }, Int32Type) => true,
            (PhysicalType.Int32, IntLogicalType { IsSigned: true, BitWidth: 16 }, Int16Type) => true,
            (PhysicalType.Int32, IntLogicalType { IsSigned: true, BitWidth: 8 }, Int8Type) => true,
            (PhysicalType.Int32, DateLogicalType, Date32Type) => true,
            (PhysicalType.Int64, TimestampLogicalType t, TimestampType a) => (t.TimeUnit, a.Unit) switch
            {
                (ParquetSharp.TimeUnit.Millis, Apache.Arrow.Types.TimeUnit.Millisecond) => true,
                (ParquetSharp.TimeUnit.Micros, Apache.Arrow.Types.TimeUnit.Microsecond) => true,
                (ParquetSharp.TimeUnit.Nanos, Apache.Arrow.Types.TimeUnit.Nanosecond) => true,
                _ => false,
            },
            _ => false,
        };
    }

    /// <summary>Whether field <paramref name="field"/> is a flat UTF-8 column (one leaf, not repeated, stored as
    /// BYTE_ARRAY with the String logical type, read as an Arrow string): then <see cref="ReadText"/> can read it.</summary>
    public bool IsFlatText(int field) => _flatText[field] ??= ParquetInput.Guard(Path, () =>
    {
        if (_leaves[field] is not [int leaf] || Schema.FieldsList[field].DataType is not StringType) return false;
        var descriptor = _input.ParquetReader.FileMetaData.Schema.Column(leaf);
        using var logical = LogicalTypeOf(descriptor);
        return descriptor.MaxRepetitionLevel == 0 && descriptor.PhysicalType == PhysicalType.ByteArray && logical is StringLogicalType;
    });

    /// <summary>A page-level reader of the flat UTF-8 field <paramref name="field"/> in <paramref name="rowGroup"/>
    /// (see <see cref="IsFlatText"/>), reading up to <paramref name="batchSize"/> rows at a time.</summary>
    public ITextPageReader ReadText(int rowGroup, int field, int batchSize)
    {
        if (!IsFlatText(field)) throw new ArgumentException($"field {field} is not a flat UTF-8 column", nameof(field));
        return ParquetInput.Guard(Path, () =>
        {
            int leaf = _leaves[field][0];
            short maxDefinition = _input.ParquetReader.FileMetaData.Schema.Column(leaf).MaxDefinitionLevel;
            var group = _input.ParquetReader.RowGroup(rowGroup);
            try
            {
                return new ParquetTextColumnReader(Path, group, (ColumnReader<ByteArray>)group.Column(leaf), maxDefinition, batchSize);
            }
            catch
            {
                group.Dispose();
                throw;
            }
        });
    }

    /// <summary>The column's logical type, or null for one ParquetSharp does not know (newer types such as Geometry,
    /// which the Arrow reader still reads as their physical values): such a column is never proven or read on pages.</summary>
    private static LogicalType? LogicalTypeOf(ColumnDescriptor descriptor)
    {
        try
        {
            return descriptor.LogicalType;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// Checks field <paramref name="field"/> of <paramref name="rowGroup"/> for a reader that needs nothing from it:
    /// every page is read, its checksum verified, its data decompressed and its levels and values decoded into a small
    /// reused buffer (no Arrow array is built), and the chunk must hold the rows the footer declares. It keeps a
    /// corrupt file from passing a check that never looked at the damaged column, for a fraction of a full read.
    /// </summary>
    /// <exception cref="PipelineException">A page is corrupt, or the column holds fewer rows than declared; the
    /// message names the file, row group and column.</exception>
    public void VerifyColumn(int rowGroup, int field, long declaredRows) => ParquetInput.Guard(Path, () =>
    {
        using var group = _input.ParquetReader.RowGroup(rowGroup);
        foreach (int leaf in _leaves[field])
        {
            using var column = group.Column(leaf);
            long levels = column.Apply(new DecodeToEnd());
            // A flat column has one level per row; a repeated one at least one per row.
            if (levels < declaredRows)
                throw PipelineException.InvalidInput(Path,
                    $"row group {rowGroup} declares {declaredRows} rows but column '{string.Join(".", column.ColumnDescriptor.Path.ToDotVector())}' holds only {levels} (corrupt or truncated column chunk)");
        }
        return true;
    });

    /// <summary>Decodes a column chunk to its end in batches of 4,096 levels; returns how many levels it held.</summary>
    private sealed class DecodeToEnd : IColumnReaderVisitor<long>
    {
        public long OnColumnReader<TValue>(ColumnReader<TValue> column) where TValue : unmanaged
        {
            const int Batch = 4096;
            var values = new TValue[Batch];
            var definitions = new short[Batch];
            var repetitions = new short[Batch];
            long levels = 0;
            while (column.HasNext)
            {
                long read = column.ReadBatch(Batch, definitions, repetitions, values, out _);
                if (read == 0) break;
                levels += read;
            }
            return levels;
        }
    }

    /// <summary>Refuses a row group whose <paramref name="fields"/> would not fit the memory limit uncompressed.</summary>
    /// <exception cref="PipelineException">Kind <see cref="PipelineErrorKind.ResourcesExhausted"/>.</exception>
    public void RequireFits(int rowGroup, IReadOnlyList<int> fields, PipelineOptions options)
    {
        var (rows, uncompressed, _) = _input.RowGroupSizes(rowGroup, fields.SelectMany(f => _leaves[f]).ToArray());
        ParquetBatchStream.RequireFits(Path, rowGroup, rows, uncompressed, options);
    }

    /// <summary>The batches of <paramref name="rowGroup"/> holding only <paramref name="fields"/> (indices into
    /// <see cref="Schema"/>, ascending), with the schema those fields make.</summary>
    public (Schema Schema, IArrowArrayStream Batches) Read(int rowGroup, IReadOnlyList<int> fields)
    {
        for (int i = 1; i < fields.Count; i++)
            if (fields[i] <= fields[i - 1]) throw new ArgumentException("fields must be ascending", nameof(fields));
        var schema = new Schema(fields.Select(f => Schema.FieldsList[f]), Schema.Metadata);
        return (schema, _input.ReadRowGroup(rowGroup, fields.SelectMany(f => _leaves[f]).ToArray()));
    }

    /// <summary>Requires this file to have the same schema as <paramref name="first"/>, so both read as one table.</summary>
    /// <exception cref="PipelineException">Kind <see cref="PipelineErrorKind.Schema"/>, naming both files and schemas.</exception>
    public void RequireSameSchema(IRowGroupFile first) => MultiFileSchemaCheck.RequireSame(first.Schema, first.Path, Schema, Path);

    /// <inheritdoc />
    public void Dispose() => _input.Dispose();
}
