using System.Buffers;
using System.Buffers.Binary;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// Checks each Arrow IPC message header before Apache.Arrow's reader sees it, so that a corrupt or hostile input
/// ends in an <see cref="InvalidDataException"/> instead of a huge allocation, a deep recursion or silently wrong
/// values. It enforces: a supported metadata version (V4/V5), a little-endian schema first, nesting depth,
/// body length within what is available, every buffer inside the body, sane node lengths and null counts, and
/// decompressed buffer sizes within the memory budget. Arrow's own reader still validates the rest; its exceptions
/// are wrapped by the caller.
/// </summary>
internal sealed class IpcMessageValidator(long maxBufferBytes)
{
    /// <summary>Deepest type nesting accepted (Arrow's reader recurses per level).</summary>
    public const int MaxNestingDepth = 64;

    private const short MetadataV4 = 3, MetadataV5 = 4;
    private const byte HeaderSchema = 1, HeaderDictionaryBatch = 2, HeaderRecordBatch = 3;
    private const int FieldNodeSize = 16, BufferSize = 16;

    private readonly List<(long Offset, long Length)> _buffers = [];
    private bool _compressed;
    private bool _seenSchema;

    /// <summary>The message type of the last validated header.</summary>
    public bool LastWasRecordBatch { get; private set; }

    /// <summary>Validates one message's flatbuffer metadata and returns its body length.</summary>
    /// <param name="metadata">The metadata bytes (after the length prefix).</param>
    /// <param name="available">Bytes that can follow the metadata (remaining file, or the memory limit for streams).</param>
    public long ValidateMetadata(ReadOnlySpan<byte> metadata, long available)
    {
        _buffers.Clear();
        _compressed = false;
        var message = FlatBufferTable.Root(metadata);
        short version = message.GetInt16(0);
        if (version > MetadataV5)
            throw new UnsupportedIpcFeatureException($"unsupported Arrow metadata version V{version + 1} (this reader supports V4 and V5)");
        if (version < MetadataV4)
            throw new UnsupportedIpcFeatureException($"unsupported Arrow metadata version V{version + 1} (pre-1.0 format older than 0.8; V4 and V5 are supported)");
        byte headerType = message.GetByte(1);
        long bodyLength = message.GetInt64(3);
        if (bodyLength < 0 || bodyLength > available)
            throw new InvalidDataException($"message body length {bodyLength} exceeds the {available} bytes available");
        if (!message.TryGetTable(2, out var header)) throw new InvalidDataException("message has no header");

        LastWasRecordBatch = headerType == HeaderRecordBatch;
        switch (headerType)
        {
            case HeaderSchema:
                if (_seenSchema) throw new InvalidDataException("a second schema message appears in the stream");
                ValidateSchema(header);
                _seenSchema = true;
                break;
            case HeaderDictionaryBatch:
                RequireSchema();
                if (!header.TryGetTable(1, out var data)) throw new InvalidDataException("dictionary batch has no data");
                ValidateRecordBatch(data, bodyLength);
                break;
            case HeaderRecordBatch:
                RequireSchema();
                ValidateRecordBatch(header, bodyLength);
                break;
            case 4 or 5:
                throw new UnsupportedIpcFeatureException("tensor messages are not supported");
            default:
                throw new InvalidDataException($"unknown message type {headerType}");
        }
        return bodyLength;
    }

    /// <summary>Checks compressed buffers' declared sizes in the body of the message validated last.</summary>
    public void ValidateBody(ReadOnlySequence<byte> body)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (!_compressed) return;
        long total = 0;
        foreach (var (offset, length) in _buffers)
        {
            if (length == 0) continue;
            // Each compressed buffer starts with its uncompressed length (int64, -1 = stored uncompressed):
            // Arrow allocates that much before decompressing, so it must fit the budget.
            if (length < 8) throw new InvalidDataException($"compressed buffer at {offset} is {length} bytes, shorter than its length prefix");
            body.Slice(offset, 8).CopyTo(prefix);
            long size = BinaryPrimitives.ReadInt64LittleEndian(prefix);
            if (size == -1) continue;
            if (size < 0 || size > int.MaxValue || size > maxBufferBytes - total)
                throw new InvalidDataException($"compressed buffer declares {size} uncompressed bytes, beyond the memory limit or a .NET buffer");
            total += size;
        }
    }

    private void RequireSchema()
    {
        if (!_seenSchema) throw new InvalidDataException("the stream does not start with a schema message");
    }

    /// <summary>Validates the schema inside an IPC file footer (read when the file's stream part holds no schema).</summary>
    public static void ValidateFooterSchema(ReadOnlySpan<byte> footer)
    {
        if (!FlatBufferTable.Root(footer).TryGetTable(1, out var schema)) throw new InvalidDataException("the file footer holds no schema");
        ValidateSchema(schema);
    }

    private static void ValidateSchema(FlatBufferTable schema)
    {
        if (schema.GetInt16(0) == 1)
            throw new UnsupportedIpcFeatureException("big-endian Arrow data is not supported (write it little-endian)");
        if (schema.TryGetVector(1, 4, out var fields))
            for (int i = 0; i < fields.Count; i++) ValidateField(fields.Table(i), 1);
    }

    private static void ValidateField(FlatBufferTable field, int depth)
    {
        if (depth > MaxNestingDepth) throw new InvalidDataException($"type nesting deeper than {MaxNestingDepth} levels");
        byte typeType = field.GetByte(2);
        // Type union tags 1..26 (Null .. LargeListView) are defined as of Arrow format 1.5; others are unknown.
        if (typeType is 0 or > 26) throw new InvalidDataException($"unknown field type tag {typeType}");
        if (field.TryGetVector(5, 4, out var children))
            for (int i = 0; i < children.Count; i++) ValidateField(children.Table(i), depth + 1);
    }

    private void ValidateRecordBatch(FlatBufferTable batch, long bodyLength)
    {
        long length = batch.GetInt64(0);
        if (length < 0 || length > int.MaxValue) throw new InvalidDataException($"record batch length {length} is out of range");
        if (batch.TryGetVector(1, FieldNodeSize, out var nodes))
        {
            for (int i = 0; i < nodes.Count; i++)
            {
                var node = nodes.Element(i);
                long nodeLength = BinaryPrimitives.ReadInt64LittleEndian(node);
                long nullCount = BinaryPrimitives.ReadInt64LittleEndian(node[8..]);
                if (nodeLength < 0 || nodeLength > int.MaxValue)
                    throw new InvalidDataException($"field node {i} length {nodeLength} is out of range");
                if (nullCount < 0 || nullCount > nodeLength)
                    throw new InvalidDataException($"field node {i} null count {nullCount} is outside 0..{nodeLength}");
            }
        }
        int bufferCount = 0;
        if (batch.TryGetVector(2, BufferSize, out var buffers))
        {
            bufferCount = buffers.Count;
            for (int i = 0; i < buffers.Count; i++)
            {
                var b = buffers.Element(i);
                long offset = BinaryPrimitives.ReadInt64LittleEndian(b);
                long size = BinaryPrimitives.ReadInt64LittleEndian(b[8..]);
                if (offset < 0 || size < 0 || offset > bodyLength || size > bodyLength - offset)
                    throw new InvalidDataException($"buffer {i} ({offset}+{size}) lies outside the {bodyLength}-byte message body");
                _buffers.Add((offset, size));
            }
        }
        if (batch.TryGetTable(3, out var compression))
        {
            byte codec = compression.GetByte(0);
            if (codec > 1) throw new InvalidDataException($"unknown body compression codec {codec}");
            if (compression.GetByte(1) != 0) throw new InvalidDataException("unknown body compression method");
            _compressed = true;
        }
        if (batch.TryGetVector(4, 8, out var variadic))
        {
            long total = 0;
            for (int i = 0; i < variadic.Count; i++)
            {
                long count = BinaryPrimitives.ReadInt64LittleEndian(variadic.Element(i));
                if (count < 0 || count > bufferCount - total)
                    throw new InvalidDataException($"variadic buffer count {count} exceeds the {bufferCount} buffers of the batch");
                total += count;
            }
        }
    }
}

/// <summary>A well-formed IPC input that uses a feature this reader does not support (big-endian data, a metadata
/// version newer than V5 or older than V4, tensors).</summary>
internal sealed class UnsupportedIpcFeatureException(string message) : Exception(message);
