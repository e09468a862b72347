using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ParquetSharp;
using Pipeline.Core.Errors;
using Pipeline.Core.Streams.RowGroups;

namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// Reads one flat UTF-8 column chunk straight from its decoded pages, batch by batch, without building Arrow
/// arrays: each value is a view of the page's bytes (or, for a dictionary-encoded page, of the dictionary entry, so
/// equal values share a pointer). For checks that look at each value once, this skips copying every
/// string into an Arrow buffer. A batch's views stay valid until the next <see cref="ReadBatch"/>.
/// </summary>
public sealed class ParquetTextColumnReader : ITextPageReader
{
    private readonly string _path;
    private readonly RowGroupReader _rowGroup;
    private readonly ColumnReader<ByteArray> _column;
    private readonly ByteArray[] _values;
    private readonly short[]? _definitionLevels;
    private int _rows;

    internal ParquetTextColumnReader(string path, RowGroupReader rowGroup, ColumnReader<ByteArray> column, short maxDefinitionLevel, int batchSize)
    {
        _path = path;
        _rowGroup = rowGroup;
        _column = column;
        MaxDefinitionLevel = maxDefinitionLevel;
        _values = new ByteArray[batchSize];
        _definitionLevels = maxDefinitionLevel > 0 ? new short[batchSize] : null;
    }

    /// <inheritdoc />
    public short MaxDefinitionLevel { get; }

    /// <summary>Per row of the last batch, its definition level (a row is null when below
    /// <see cref="MaxDefinitionLevel"/>); empty for a required column.</summary>
    public ReadOnlySpan<short> DefinitionLevels => _definitionLevels is null ? default : _definitionLevels.AsSpan(0, _rows);

    /// <summary>Non-null values in the last batch (they are packed: the k-th non-null row holds value k).</summary>
    public int ValueCount { get; private set; }

    /// <summary>Reads the next batch; returns its rows (0 at the end of the chunk).</summary>
    /// <exception cref="PipelineException">The page data is corrupt.</exception>
    public int ReadBatch()
    {
        try
        {
            if (!_column.HasNext) return _rows = ValueCount = 0;
            long rows = _column.ReadBatch(_values.Length, _definitionLevels, null, _values, out long values);
            _rows = checked((int)rows);
            ValueCount = checked((int)values);
            return _rows;
        }
        catch (Exception ex) when (ex is not PipelineException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw PipelineException.InvalidInput(_path, $"not a valid or supported Parquet file: {ParquetErrorText.Of(ex.Message)}", ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>ParquetSharp's <see cref="ByteArray"/> is a 32-bit length then a pointer, the layout of
    /// <see cref="TextView"/>, so the decoded views are handed out as they are.</remarks>
    public ReadOnlySpan<TextView> Values => MemoryMarshal.Cast<ByteArray, TextView>(_values.AsSpan(0, ValueCount));

    /// <summary>Whether ParquetSharp's byte-array view has <see cref="TextView"/>'s layout (checked by a test, so a
    /// change in the library cannot turn the cast above into garbage).</summary>
    internal static bool ViewLayoutMatches => Unsafe.SizeOf<ByteArray>() == Unsafe.SizeOf<TextView>()
        && Marshal.OffsetOf<ByteArray>(nameof(ByteArray.Pointer)) == Marshal.OffsetOf<TextView>(nameof(TextView.Pointer))
        && Marshal.OffsetOf<ByteArray>(nameof(ByteArray.Length)) == Marshal.OffsetOf<TextView>(nameof(TextView.Length));

    /// <inheritdoc />
    public void Dispose()
    {
        _column.Dispose();
        _rowGroup.Dispose();
    }
}
