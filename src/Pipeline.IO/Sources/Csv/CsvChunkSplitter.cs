using System.Buffers;
using Pipeline.Core.Errors;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Cuts a UTF-8 stream into chunks of whole records, quote-aware, so workers can parse chunks independently.
/// It only looks for quotes and record terminators (a vectorised search), applying the tokenizer's rule that a
/// quote opens a quoted field only at the start of a field. A chunk ends after <c>recordsPerChunk</c> records or
/// when its buffer is full, so memory is bounded by the buffer size; a single record longer than
/// <c>maxRecordBytes</c> is dropped and reported as an oversized chunk instead of growing the buffer without bound.
/// </summary>
internal sealed class CsvChunkSplitter(int chunkBytes, int recordsPerChunk, int maxRecordBytes)
{
    /// <summary>Yields the chunks of <paramref name="input"/>. With <paramref name="skipHeader"/> the first record is
    /// marked to be skipped and not counted towards a chunk's records.</summary>
    public IEnumerable<CsvChunk> Split(Stream input, CsvFileInfo file, bool skipHeader, CancellationToken cancellationToken)
    {
        var dialect = file.Dialect;
        byte quote = (byte)dialect.Quote, delimiter = (byte)dialect.Delimiter, terminator = dialect.Terminator;
        var pool = ArrayPool<byte>.Shared;
        // The pool may hand out a larger array than asked for; `capacity` is the logical size, so the record cap is exact.
        int capacity = Math.Min(chunkBytes, maxRecordBytes);
        byte[] buf = pool.Rent(capacity);
        int len = 0, scan = 0, recordStart = 0;
        int records = skipHeader ? -1 : 0;
        bool inQuote = false, eof = false, discarding = false, firstChunk = true;
        long line = 1;

        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Scan what is buffered for record ends.
                while (scan < len)
                {
                    var rest = buf.AsSpan(scan, len - scan);
                    if (inQuote)
                    {
                        int q = rest.IndexOf(quote);
                        if (q < 0) { scan = len; break; }
                        int p = scan + q;
                        if (p + 1 >= len && !eof) { scan = p; break; } // need the next byte to tell "" from a close
                        if (p + 1 < len && buf[p + 1] == quote) { scan = p + 2; continue; }
                        inQuote = false;
                        scan = p + 1;
                        continue;
                    }
                    int i = rest.IndexOfAny(quote, terminator);
                    if (i < 0) { scan = len; break; }
                    int at = scan + i;
                    scan = at + 1;
                    if (buf[at] == quote)
                    {
                        if (at == recordStart || (at > 0 && buf[at - 1] == delimiter)) inQuote = true;
                        continue;
                    }
                    // A record ends at `at`.
                    if (discarding)
                    {
                        // The oversized record ends here: drop its bytes, keep counting lines.
                        line += buf.AsSpan(0, at + 1).Count(terminator);
                        buf.AsSpan(at + 1, len - at - 1).CopyTo(buf);
                        len -= at + 1;
                        scan = 0;
                        recordStart = 0;
                        discarding = false;
                        continue;
                    }
                    recordStart = at + 1;
                    if (++records >= recordsPerChunk)
                    {
                        yield return Cut(ref buf, ref capacity, ref len, ref scan, ref recordStart, ref line, ref firstChunk, skipHeader, file, terminator);
                        records = 0;
                    }
                }

                if (eof && inQuote && !discarding && len > Math.Max(0, recordStart))
                {
                    // A quote opened and never closed: the record would swallow the rest of the input. Reject it at
                    // the line it starts on and read on from the next line, so one stray quote costs one row.
                    if (recordStart > 0)
                    {
                        yield return Cut(ref buf, ref capacity, ref len, ref scan, ref recordStart, ref line, ref firstChunk, skipHeader, file, terminator);
                        records = 0;
                    }
                    yield return Rejected(buf, len, line, file, "unterminated quoted field: the record is rejected at the line it starts on and reading resumes on the next line");
                    if (records < 0) { records = 0; skipHeader = false; }
                    ResumeAfterFirstLine(buf, ref len, ref scan, ref recordStart, ref line, ref inQuote, terminator);
                    continue;
                }

                if (eof)
                {
                    if (len > 0 && !discarding)
                    {
                        // Hand the buffer over before yielding: if the consumer stops here (cancellation), the
                        // finally below must not return a buffer the chunk still owns (a double return to the
                        // shared pool would give one array to two renters anywhere in the process).
                        var last = CsvChunk.Data(buf, len, line, firstChunk && skipHeader, file);
                        buf = [];
                        yield return last;
                    }
                    else
                    {
                        pool.Return(buf);
                        buf = [];
                    }
                    yield break;
                }

                if (len == capacity)
                {
                    if (discarding)
                    {
                        // Drop everything scanned; keep the byte before the scan point so the quote rule still sees it.
                        int keep = Math.Max(0, scan - 1);
                        line += buf.AsSpan(0, keep).Count(terminator);
                        buf.AsSpan(keep, len - keep).CopyTo(buf);
                        len -= keep;
                        scan -= keep;
                        recordStart = -1;
                    }
                    else if (recordStart > 0)
                    {
                        yield return Cut(ref buf, ref capacity, ref len, ref scan, ref recordStart, ref line, ref firstChunk, skipHeader, file, terminator);
                        records = 0;
                    }
                    else if (capacity < maxRecordBytes)
                    {
                        capacity = (int)Math.Min(maxRecordBytes, capacity * 2L);
                        var bigger = pool.Rent(capacity);
                        buf.AsSpan(0, len).CopyTo(bigger);
                        pool.Return(buf);
                        buf = bigger;
                    }
                    else if (inQuote && buf.AsSpan(0, len).IndexOf(terminator) >= 0)
                    {
                        // A quoted field runs past the maximum record size: most likely a stray quote. Reject the
                        // record at its first line and read on from the next line instead of dropping everything up
                        // to a closing quote that may never come.
                        yield return Rejected(buf, len, line, file,
                            $"record larger than the maximum record size ({maxRecordBytes:N0} bytes) inside a quoted field: rejected at the line it starts on; reading resumes on the next line");
                        if (records < 0) { records = 0; skipHeader = false; }
                        ResumeAfterFirstLine(buf, ref len, ref scan, ref recordStart, ref line, ref inQuote, terminator);
                    }
                    else
                    {
                        // One record fills the largest buffer allowed: report it and drop its bytes up to its end.
                        yield return new CsvChunk
                        {
                            File = file, FirstLine = line,
                            OversizedPreview = System.Text.Encoding.UTF8.GetString(buf.AsSpan(0, Math.Min(len, 4096))),
                        };
                        discarding = true;
                        if (records < 0) { records = 0; skipHeader = false; } // an oversized header is gone too
                        int keep = Math.Max(0, scan - 1);
                        line += buf.AsSpan(0, keep).Count(terminator);
                        buf.AsSpan(keep, len - keep).CopyTo(buf);
                        len -= keep;
                        scan -= keep;
                        recordStart = -1;
                    }
                }

                int n;
                try { n = input.Read(buf, len, capacity - len); }
                catch (Exception ex) when (ex is IOException or InvalidDataException)
                {
                    throw PipelineException.InvalidInput(file.Path, $"cannot read: {ex.Message}", ex);
                }
                if (n == 0) eof = true;
                len += n;
            }
        }
        finally
        {
            if (buf.Length > 0) pool.Return(buf);
        }
    }

    private static CsvChunk Rejected(byte[] buf, int len, long line, CsvFileInfo file, string reason) => new()
    {
        File = file, FirstLine = line, RejectReason = reason,
        OversizedPreview = System.Text.Encoding.UTF8.GetString(buf.AsSpan(0, Math.Min(len, 4096))),
    };

    /// <summary>Drops the record at the start of the buffer up to and including its first line's terminator, and goes
    /// on scanning after it outside any quote (everything, when the record is a single line).</summary>
    private static void ResumeAfterFirstLine(byte[] buf, ref int len, ref int scan, ref int recordStart, ref long line, ref bool inQuote, byte terminator)
    {
        int end = buf.AsSpan(0, len).IndexOf(terminator);
        int drop = end < 0 ? len : end + 1;
        if (end >= 0) line++;
        buf.AsSpan(drop, len - drop).CopyTo(buf);
        len -= drop;
        scan = 0;
        recordStart = 0;
        inQuote = false;
    }

    // Emits buf[0, recordStart) as a chunk and moves the unfinished remainder into a fresh buffer.
    private CsvChunk Cut(ref byte[] buf, ref int capacity, ref int len, ref int scan, ref int recordStart, ref long line, ref bool firstChunk,
        bool skipHeader, CsvFileInfo file, byte terminator)
    {
        int remainder = len - recordStart;
        capacity = Math.Max(Math.Min(chunkBytes, maxRecordBytes), remainder + 1);
        var next = ArrayPool<byte>.Shared.Rent(capacity);
        buf.AsSpan(recordStart, len - recordStart).CopyTo(next);
        var chunk = CsvChunk.Data(buf, recordStart, line, firstChunk && skipHeader, file);
        line += buf.AsSpan(0, recordStart).Count(terminator);
        len -= recordStart;
        scan -= recordStart;
        recordStart = 0;
        firstChunk = false;
        buf = next;
        return chunk;
    }
}
