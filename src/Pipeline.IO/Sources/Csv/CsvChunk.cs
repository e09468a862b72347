using System.Buffers;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// A run of whole records cut from one input, handed from the splitter to a parsing worker; or, when
/// <see cref="OversizedPreview"/> is set, the report of one record too large to keep (its bytes were dropped).
/// The buffer is rented from the shared pool; <see cref="Release"/> returns it.
/// </summary>
internal sealed class CsvChunk
{
    /// <summary>Records, as UTF-8 bytes (rented; only the first <see cref="Length"/> bytes are data).</summary>
    public byte[] Buffer { get; private set; } = [];
    /// <summary>Bytes of data in <see cref="Buffer"/>.</summary>
    public int Length { get; init; }
    /// <summary>1-based line on which the chunk's first record starts.</summary>
    public long FirstLine { get; init; }
    /// <summary>True when the first record is the file's header, to be skipped.</summary>
    public bool SkipFirstRecord { get; init; }
    /// <summary>The file the records come from.</summary>
    public required CsvFileInfo File { get; init; }
    /// <summary>For a rejected record (oversized, or an unterminated quote): the start of its text.</summary>
    public string? OversizedPreview { get; init; }

    /// <summary>Why the record of <see cref="OversizedPreview"/> was rejected (null: larger than the maximum record size).</summary>
    public string? RejectReason { get; init; }

    /// <summary>Creates a data chunk owning <paramref name="buffer"/>.</summary>
    public static CsvChunk Data(byte[] buffer, int length, long firstLine, bool skipFirst, CsvFileInfo file)
        => new() { Buffer = buffer, Length = length, FirstLine = firstLine, SkipFirstRecord = skipFirst, File = file };

    /// <summary>The bytes of the records.</summary>
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>Returns the buffer to the pool; the chunk must not be used afterwards.</summary>
    public void Release()
    {
        if (Buffer.Length > 0) ArrayPool<byte>.Shared.Return(Buffer);
        Buffer = [];
    }
}

/// <summary>One input file as the reader sees it: its name and dialect.</summary>
/// <param name="Path">The path (or <c>-</c>).</param>
/// <param name="Dialect">Its detected dialect.</param>
internal sealed record CsvFileInfo(string Path, CsvDialect Dialect);
