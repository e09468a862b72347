namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Finds where records start in a plain CSV file, quote-aware, so byte ranges tile the file exactly
/// (<c>--byte-range</c>). It scans from the first data record with the tokenizer's rule (a quote opens a quoted field
/// only at the start of a field, a doubled quote inside one is data, a record ends at the terminator outside quotes),
/// the same rule <see cref="CsvChunkSplitter"/> cuts chunks by. A quoted newline therefore never starts a record.
/// The scan reads every byte before the last offset asked for (a vectorised search for quotes and terminators, about
/// a GB/s); a file with a quote that never closes has no boundaries after it.
/// </summary>
internal static class CsvRecordBoundaries
{
    private const int BufferBytes = 1 << 20;

    /// <summary>For each of <paramref name="targets"/> (ascending file offsets), the first record start at or after
    /// it, or the file's length when no record starts there. <paramref name="dataStart"/> is the offset of the first
    /// data record (after the byte order mark and the header), itself a record start.</summary>
    public static long[] FirstStartsAtOrAfter(Stream file, long dataStart, IReadOnlyList<long> targets, CsvDialect dialect)
    {
        var result = new long[targets.Count];
        long length = file.Length;
        int next = 0;
        while (next < targets.Count && targets[next] <= dataStart) result[next++] = Math.Min(dataStart, length);
        if (next == targets.Count) return result;

        byte quote = (byte)dialect.Quote, delimiter = (byte)dialect.Delimiter, terminator = dialect.Terminator;
        var buffer = new byte[BufferBytes];
        file.Position = dataStart;
        long offset = dataStart;       // file offset of buffer[0]
        bool inQuote = false, quotePending = false;
        byte previous = terminator;    // the byte before the scan point: a terminator means "at a record start"
        int read;
        while (next < targets.Count && (read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            int i = 0;
            while (i < read)
            {
                if (quotePending)
                {
                    // The quote before this byte was inside a quoted field: a second quote escapes it, else it closed.
                    quotePending = false;
                    if (buffer[i] == quote) { previous = quote; i++; continue; }
                    inQuote = false;
                }
                if (inQuote)
                {
                    int q = buffer.AsSpan(i, read - i).IndexOf(quote);
                    if (q < 0) { previous = buffer[read - 1]; i = read; break; }
                    i += q + 1;
                    previous = quote;
                    quotePending = true;
                    continue;
                }
                int at = buffer.AsSpan(i, read - i).IndexOfAny(quote, terminator);
                if (at < 0) { previous = buffer[read - 1]; i = read; break; }
                int p = i + at;
                byte before = p > 0 ? buffer[p - 1] : previous;
                if (buffer[p] == quote)
                {
                    if (before == terminator || before == delimiter) inQuote = true;
                    previous = quote;
                    i = p + 1;
                    continue;
                }
                // A record ends at p: the next one starts at p + 1.
                long start = offset + p + 1;
                while (next < targets.Count && targets[next] <= start) result[next++] = Math.Min(start, length);
                if (next == targets.Count) return result;
                previous = terminator;
                i = p + 1;
            }
            offset += read;
        }
        while (next < targets.Count) result[next++] = length;
        return result;
    }
}
