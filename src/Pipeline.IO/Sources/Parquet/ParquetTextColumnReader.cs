using ParquetSharp;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// Reads one flat UTF-8 column chunk straight from its decoded pages, batch by batch, without building Arrow
/// arrays: each value is a view of the page's bytes (or, for a dictionary-encoded page, of the dictionary entry, so
/// equal values share an <see cref="Address"/>). For checks that look at each value once, this skips copying every
/// string into an Arrow buffer. A batch's views stay valid until the next <see cref="ReadBatch"/>.
/// </summary>
public sealed class ParquetTextColumnReader : IDisposable
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

    /// <summary>The definition level of a non-null value (0: the column is required and has no nulls).</summary>
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

    /// <summary>The bytes of value <paramref name="index"/> (0 ≤ index &lt; <see cref="ValueCount"/>).</summary>
    public unsafe ReadOnlySpan<byte> Value(int index)
    {
        var value = _values[index];
        return value.Length == 0 ? default : new ReadOnlySpan<byte>((void*)value.Pointer, value.Length);
    }

    /// <summary>Where value <paramref name="index"/> lives: within one batch, equal addresses (with equal lengths)
    /// hold equal bytes.</summary>
    public nint Address(int index) => _values[index].Pointer;

    /// <inheritdoc />
    public void Dispose()
    {
        _column.Dispose();
        _rowGroup.Dispose();
    }
}
