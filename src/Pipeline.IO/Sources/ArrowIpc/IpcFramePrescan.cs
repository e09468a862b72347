using System.Buffers;
using System.Buffers.Binary;

namespace Pipeline.IO.Sources.ArrowIpc;

/// <summary>
/// Walks every message of an in-memory IPC stream (a memory-mapped file) and validates its framing and header
/// before Apache.Arrow reads any of it. Only headers are touched, so the cost is independent of the data size.
/// </summary>
internal static class IpcFramePrescan
{
    /// <summary>Validates the stream and returns, per record batch in order, the bytes of the messages that lead to it
    /// (its dictionaries and itself), for byte-accurate progress.</summary>
    /// <exception cref="InvalidDataException">A message is malformed, truncated or unsupported.</exception>
    public static Queue<long> Validate(ReadOnlyMemory<byte> memory, long maxBufferBytes) => Validate(memory, maxBufferBytes, out _, out _);

    /// <summary>As <see cref="Validate(ReadOnlyMemory{byte}, long)"/>; <paramref name="sawEndMarker"/> tells whether the
    /// stream ended with its end-of-stream marker;
    /// <paramref name="completeLength"/> is where the last complete message ends; with <paramref name="allowTruncated"/>
    /// a message cut short by the end of the data ends the walk there instead of failing.</summary>
    public static Queue<long> Validate(ReadOnlyMemory<byte> memory, long maxBufferBytes, out bool sawEndMarker, out long completeLength,
        bool allowTruncated = false)
    {
        sawEndMarker = false;
        completeLength = 0;
        var stream = memory.Span;
        var validator = new IpcMessageValidator(maxBufferBytes);
        var batchBytes = new Queue<long>();
        long position = 0, sinceLastBatch = 0;
        while (stream.Length - position >= 4)
        {
            var (prefix, metadataLength) = IpcFraming.ReadPrefix(stream[(int)position..]);
            if (metadataLength == 0) { sawEndMarker = true; completeLength = position + prefix; break; } // end-of-stream marker
            long remaining = stream.Length - position - prefix;
            if (metadataLength > remaining && allowTruncated) break;
            if (metadataLength < 0 || metadataLength > remaining)
                throw new InvalidDataException($"message at byte {position} declares {metadataLength} metadata bytes, {remaining} remain");
            var metadata = stream.Slice((int)(position + prefix), metadataLength);
            if (allowTruncated && FlatBufferTable.TryBodyLength(metadata, out long declaredBody) && declaredBody > remaining - metadataLength) break;
            long bodyLength = validator.ValidateMetadata(metadata, remaining - metadataLength);
            validator.ValidateBody(new ReadOnlySequence<byte>(memory.Slice((int)(position + prefix + metadataLength), (int)bodyLength)));
            long messageBytes = prefix + metadataLength + bodyLength;
            position += messageBytes;
            completeLength = position;
            sinceLastBatch += messageBytes;
            if (validator.LastWasRecordBatch)
            {
                batchBytes.Enqueue(sinceLastBatch);
                sinceLastBatch = 0;
            }
        }
        return batchBytes;
    }
}

/// <summary>The length prefix of an IPC message.</summary>
internal static class IpcFraming
{
    /// <summary>The continuation marker that precedes the metadata length since format 0.15.</summary>
    public const int Continuation = -1;

    /// <summary>Reads a message prefix: either the continuation marker and a length (8 bytes) or, in the legacy
    /// pre-0.15 framing, just the length (4 bytes). Returns the prefix size and the metadata length;
    /// a metadata length of 0 is the end-of-stream marker.</summary>
    /// <exception cref="InvalidDataException">The prefix is truncated.</exception>
    public static (int Prefix, int MetadataLength) ReadPrefix(ReadOnlySpan<byte> bytes)
    {
        int first = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (first != Continuation) return (4, first);
        if (bytes.Length < 8) throw new InvalidDataException("message length prefix is truncated");
        return (8, BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]));
    }
}
