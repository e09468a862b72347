using System.Buffers;
using System.Text;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Csv;

namespace Pipeline.IO.Sinks.Csv;

/// <summary>Writes batches as a CSV file (header row, LF line ends), through <see cref="AtomicFile"/>: the file
/// appears only on commit; <c>-</c> writes to standard output.</summary>
public sealed class CsvSink : ISink
{
    private readonly SinkOptions _options;

    /// <summary>Creates a sink writing to <paramref name="path"/>.</summary>
    public CsvSink(string path, SinkOptions? options = null)
    {
        Target = path;
        _options = options ?? new SinkOptions();
    }

    /// <inheritdoc />
    public string Format => CsvFormat.FormatName;

    /// <inheritdoc />
    public string Target { get; }

    /// <inheritdoc />
    /// <exception cref="PipelineException">A column has a type CSV cannot hold (list views, run-end encoded); nested values are written as JSON and binary as base64.</exception>
    public ValueTask<ISinkWriter> OpenAsync(Schema schema, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(schema);
        foreach (var field in schema.FieldsList)
            if (!CsvValueWriter.Supports(field.DataType))
                throw new PipelineException(PipelineErrorKind.Schema,
                    $"{Target}: column '{field.Name}' of type {field.DataType.Name} cannot be written as CSV");
        var file = AtomicFile.Create(Target);
        return ValueTask.FromResult<ISinkWriter>(new Writer(file, schema, _options));
    }

    private sealed class Writer : ISinkWriter
    {
        private readonly AtomicFile _file;
        private readonly CsvValueWriter _values;
        private readonly byte _delimiter;
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
        private long _bytes;

        public Writer(AtomicFile file, Schema schema, SinkOptions options)
        {
            _file = file;
            _delimiter = checked((byte)options.CsvDelimiter);
            _values = new CsvValueWriter(_delimiter);
            if (options.CsvHeader)
            {
                for (int c = 0; c < schema.FieldsList.Count; c++)
                {
                    if (c > 0) _buffer.Write([_delimiter]);
                    _values.WriteText(_buffer, Encoding.UTF8.GetBytes(schema.FieldsList[c].Name));
                }
                _buffer.Write("\n"u8);
            }
        }

        public long BytesWritten => _bytes;

        public async ValueTask WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(batch);
            var columns = Enumerable.Range(0, batch.ColumnCount).Select(batch.Column).ToArray();
            for (int row = 0; row < batch.Length; row++)
            {
                for (int c = 0; c < columns.Length; c++)
                {
                    if (c > 0) _buffer.GetSpan(1)[0] = _delimiter;
                    if (c > 0) _buffer.Advance(1);
                    _values.WriteValue(_buffer, columns[c], row);
                }
                _buffer.GetSpan(1)[0] = (byte)'\n';
                _buffer.Advance(1);
                if (_buffer.WrittenCount >= 1 << 20) await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        private async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            if (_buffer.WrittenCount == 0) return;
            try { await _file.Stream.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false); }
            catch (IOException ex) { throw new PipelineException(PipelineErrorKind.External, $"{_file.Target}: cannot write: {ex.Message}", ex); }
            _bytes += _buffer.WrittenCount;
            _buffer.ResetWrittenCount();
        }

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            try { _file.Commit(); }
            catch (IOException ex) { throw new PipelineException(PipelineErrorKind.External, $"{_file.Target}: cannot commit: {ex.Message}", ex); }
        }

        public ValueTask DisposeAsync()
        {
            _file.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
