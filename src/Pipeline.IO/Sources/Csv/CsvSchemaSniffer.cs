using System.Text;
using Pipeline.Core.Errors;
using Pipeline.IO.Formats;
using Pipeline.IO.Inference;

namespace Pipeline.IO.Sources.Csv;

/// <summary>What sniffing one file found: dialect, column names and inferred types (in file order).</summary>
/// <param name="Dialect">The dialect, header decided.</param>
/// <param name="Columns">Unique column names.</param>
/// <param name="Types">Inferred (or user-fixed) type per column.</param>
/// <param name="BytesPerRecord">Average record size in the sample, to size chunks.</param>
internal sealed record CsvFileSniff(CsvDialect Dialect, string[] Columns, ColumnTypeInference[] Types, double BytesPerRecord);

/// <summary>
/// Infers a file's header and column types from its sample: the first records, and for plain files also a few
/// evenly spaced regions further in (each resynchronised to the line after its seek point), so a column that turns
/// from integers to text half way through is caught before streaming starts.
/// </summary>
internal static class CsvSchemaSniffer
{
    private const int Regions = 4;
    private const int RegionBytes = 256 * 1024;

    /// <summary>Sniffs dialect and schema. <paramref name="plainFile"/> (path, BOM length) enables region sampling.</summary>
    public static CsvFileSniff Sniff(CsvSample sample, CsvReadOptions options, int sampleRows, string encoding,
        (string Path, int BomLength)? plainFile, string file, int maxColumns = int.MaxValue)
    {
        var dialect = CsvDialectSniffer.Sniff(sample.Span, sample.IsWholeInput, options.Delimiter, options.Quote, encoding);
        var window = CsvDialectSniffer.CompleteRecords(sample.Span, sample.IsWholeInput, dialect.Terminator);
        var tokenizer = new CsvTokenizer(dialect);
        byte[] scratch = new byte[256];
        var nulls = options.NullValues.Where(n => n.Length > 0).Select(n => Encoding.UTF8.GetBytes(n)).ToArray();

        // Pass 1: the first record's cells, and the usual field count of the records after it.
        var bodyCounts = new Dictionary<int, int>();
        List<byte[]>? first = null;
        int pos = 0, records = 0;
        while (records <= sampleRows && tokenizer.ReadRecord(window, ref pos))
        {
            if (tokenizer.IsBlank) continue;
            if (tokenizer.Unterminated && !sample.IsWholeInput) break;
            records++;
            // Refused before any per-column state is built for it.
            if (tokenizer.FieldCount > maxColumns)
                throw Core.Errors.PipelineException.InvalidInput(file,
                    $"record {records} holds {tokenizer.FieldCount:N0} fields, more than the {maxColumns:N0} columns allowed (--max-columns)");
            if (first is null)
            {
                first = [];
                foreach (var f in tokenizer.Fields) first.Add(tokenizer.Value(window, f, ref scratch).ToArray());
                continue;
            }
            bodyCounts[tokenizer.FieldCount] = bodyCounts.GetValueOrDefault(tokenizer.FieldCount) + 1;
        }
        if (first is null)
            return new CsvFileSniff(dialect with { HasHeader = options.HasHeader ?? false }, [], [], 64);
        int bodyMode = bodyCounts.Count == 0 ? first.Count
            : bodyCounts.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key == first.Count).First().Key;

        // Pass 2: infer the body (every record but the first) where it has the usual shape.
        var body = Enumerable.Range(0, bodyMode).Select(_ => new ColumnTypeInference()).ToArray();
        pos = 0;
        int observed = 0;
        bool skippedFirst = false;
        while (observed < sampleRows && tokenizer.ReadRecord(window, ref pos))
        {
            if (tokenizer.IsBlank) continue;
            if (!skippedFirst) { skippedFirst = true; continue; }
            if (tokenizer.Unterminated) break;
            if (Observe(tokenizer, window, body, nulls, ref scratch)) observed++;
        }
        if (plainFile is { } plain)
            SampleRegions(plain.Path, plain.BomLength, sample.Length, dialect, body, nulls, Math.Max(1, sampleRows / Regions));

        bool hasHeader = options.HasHeader
                         ?? (first.Count == bodyMode && CsvHeaderDetector.LooksLikeHeader(first, body));
        string[] columns;
        if (hasHeader)
            columns = CsvHeaderNames.MakeUnique(first.Select(c => Encoding.UTF8.GetString(c)).ToList());
        else
        {
            columns = CsvHeaderNames.Generated(bodyMode);
            if (first.Count == bodyMode)
                for (int i = 0; i < first.Count; i++)
                    if (!IsNull(first[i], nulls)) body[i].Observe(first[i]);
        }
        var types = columns.Length == body.Length ? body : columns.Select(_ => new ColumnTypeInference()).ToArray();
        foreach (var t in types) t.SettleLayout();
        if (!options.InferTypes) types = columns.Select(_ => new ColumnTypeInference(InferredKind.String)).ToArray();
        ApplyOverrides(options, columns, types, file);
        double bytesPerRecord = records > 0 ? Math.Max(1.0, (double)window.Length / records) : 64;
        return new CsvFileSniff(dialect with { HasHeader = hasHeader }, columns, types, bytesPerRecord);
    }

    private static bool Observe(CsvTokenizer tokenizer, ReadOnlySpan<byte> data, ColumnTypeInference[] body, byte[][] nulls, ref byte[] scratch)
    {
        if (tokenizer.FieldCount != body.Length) return false;
        var fields = tokenizer.Fields;
        for (int i = 0; i < body.Length; i++)
        {
            var value = tokenizer.Value(data, fields[i], ref scratch);
            if (!IsNull(value, nulls)) body[i].Observe(value);
        }
        return true;
    }

    private static bool IsNull(ReadOnlySpan<byte> value, byte[][] nulls)
    {
        if (value.IsEmpty) return true;
        foreach (var n in nulls)
            if (value.SequenceEqual(n)) return true;
        return false;
    }

    // Reads a few regions spread over the rest of the file; each starts after the first terminator past its seek
    // point (it may land inside a quoted field: such records come out with the wrong field count and are ignored).
    private static void SampleRegions(string path, int bomLength, int sampledBytes, CsvDialect dialect,
        ColumnTypeInference[] body, byte[][] nulls, int rowsPerRegion)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        long length = file.Length;
        if (length - bomLength <= sampledBytes) return;
        var buffer = new byte[RegionBytes];
        var tokenizer = new CsvTokenizer(dialect);
        byte[] scratch = new byte[256];
        for (int k = 1; k <= Regions; k++)
        {
            long offset = sampledBytes + bomLength + (length - sampledBytes - bomLength) * k / (Regions + 1);
            file.Position = offset;
            int n = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            var span = buffer.AsSpan(0, n);
            int start = span.IndexOf(dialect.Terminator);
            if (start < 0) continue;
            var records = CsvDialectSniffer.CompleteRecords(span[(start + 1)..], offset + n >= length, dialect.Terminator);
            int pos = 0, observed = 0;
            while (observed < rowsPerRegion && tokenizer.ReadRecord(records, ref pos))
            {
                if (tokenizer.IsBlank || tokenizer.Unterminated) continue;
                if (Observe(tokenizer, records, body, nulls, ref scratch)) observed++;
            }
        }
    }

    private static void ApplyOverrides(CsvReadOptions options, string[] columns, ColumnTypeInference[] types, string file)
    {
        foreach (var (name, typeName) in options.ColumnTypes)
        {
            int index = Array.IndexOf(columns, name);
            if (index < 0)
                throw PipelineException.InvalidInput(file, $"column '{name}' given a type is not in the file (columns: {string.Join(", ", columns)})");
            var kind = InferredKinds.FromTypeName(typeName)
                       ?? throw PipelineException.InvalidInput(file, $"column '{name}': unknown type '{typeName}' (known: string, int64, double, bool, date, timestamp, decimal)");
            // A declared decimal takes the largest scale in the sample (at least 2, for money).
            types[index] = new ColumnTypeInference(kind, kind == InferredKind.Decimal ? Math.Max(2, types[index].MaxFractionDigits) : 0);
        }
    }
}
