namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Detects the delimiter, quote character and line ending from the first bytes of a file. For each candidate
/// (delimiter among <c>, ; \t |</c>, quote <c>"</c> or <c>'</c>) it tokenizes the first records, quote-aware, and
/// scores how consistently they split into the same number (at least two) of fields; the most consistent wins,
/// ties going to the more common character (comma, double quote). Options given by the user are not second-guessed.
/// </summary>
internal static class CsvDialectSniffer
{
    private const int SniffBytes = 256 * 1024;
    private const int SniffRecords = 200;
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];
    private static readonly char[] Quotes = ['"', '\''];

    /// <summary>The dialect of a file whose first bytes are <paramref name="sample"/> (all of it when <paramref name="isWholeInput"/>).
    /// <see cref="CsvDialect.HasHeader"/> is left false; header detection needs the column types.</summary>
    public static CsvDialect Sniff(ReadOnlySpan<byte> sample, bool isWholeInput, char? delimiter, char? quote, string encoding)
    {
        var lineEnding = DetectLineEnding(sample);
        var probe = new CsvDialect(',', '"', false, encoding, lineEnding);
        var window = CompleteRecords(sample.Length > SniffBytes ? sample[..SniffBytes] : sample,
            isWholeInput && sample.Length <= SniffBytes, probe.Terminator);

        char bestDelimiter = delimiter ?? ',', bestQuote = quote ?? '"';
        double bestScore = -1;
        foreach (var q in quote is { } fq ? [fq] : QuotesInUse(window, probe.Terminator))
            foreach (var d in delimiter is { } fd ? [fd] : Delimiters)
            {
                double score = Consistency(window, probe with { Delimiter = d, Quote = q });
                if (score > bestScore) { bestScore = score; bestDelimiter = d; bestQuote = q; }
            }
        return probe with { Delimiter = bestDelimiter, Quote = bestQuote };
    }

    // A quote character is a candidate only if some field starts with it (after a delimiter candidate or a line
    // break): otherwise an apostrophe could "win" by splitting multi-line quoted fields into consistent pieces.
    private static char[] QuotesInUse(ReadOnlySpan<byte> window, byte terminator)
    {
        var used = new List<char>();
        foreach (var q in Quotes)
        {
            for (int i = window.IndexOf((byte)q); i >= 0; )
            {
                byte before = i == 0 ? terminator : window[i - 1];
                if (before == terminator || before == '\r' || Delimiters.Contains((char)before)) { used.Add(q); break; }
                int next = window[(i + 1)..].IndexOf((byte)q);
                i = next < 0 ? -1 : i + 1 + next;
            }
        }
        return used.Count == 0 ? ['"'] : [.. used];
    }

    /// <summary>The first line break decides: <c>\r\n</c>, <c>\n</c>, or <c>\r</c> alone. No line break: LF.</summary>
    public static CsvLineEnding DetectLineEnding(ReadOnlySpan<byte> sample)
    {
        int i = sample.IndexOfAny((byte)'\n', (byte)'\r');
        if (i < 0 || sample[i] == '\n') return CsvLineEnding.Lf;
        if (i + 1 < sample.Length && sample[i + 1] == '\n') return CsvLineEnding.CrLf;
        return i + 1 < sample.Length ? CsvLineEnding.Cr : CsvLineEnding.Lf;
    }

    /// <summary>The sample up to its last terminator (a partial last record would skew field counts).</summary>
    public static ReadOnlySpan<byte> CompleteRecords(ReadOnlySpan<byte> sample, bool isWholeInput, byte terminator)
    {
        if (isWholeInput) return sample;
        int last = sample.LastIndexOf(terminator);
        return last < 0 ? sample : sample[..(last + 1)];
    }

    // Fraction of records having the most common field count, when that count is at least 2; 0 otherwise.
    // A tiny bonus for the field count keeps the choice stable when two candidates are equally consistent.
    private static double Consistency(ReadOnlySpan<byte> window, CsvDialect dialect)
    {
        var tokenizer = new CsvTokenizer(dialect);
        var counts = new Dictionary<int, int>();
        int pos = 0, records = 0;
        while (records < SniffRecords && tokenizer.ReadRecord(window, ref pos))
        {
            if (tokenizer.IsBlank) continue;
            if (tokenizer.Unterminated) break; // the window ends inside a quoted field
            records++;
            counts[tokenizer.FieldCount] = counts.GetValueOrDefault(tokenizer.FieldCount) + 1;
        }
        if (records == 0) return 0;
        var (mode, frequency) = counts.MaxBy(kv => (kv.Value, kv.Key));
        if (mode < 2) return 0;
        return (double)frequency / records + Math.Min(mode, 1000) * 1e-7;
    }
}
