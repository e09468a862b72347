using Pipeline.Core.Errors;
using Pipeline.IO.Partitions;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Opens the records of a CSV file that start in a byte range (<c>--byte-range START:END</c>) as a stream the reader
/// parses like a whole file: the header record first (when the file has one), then the bytes from the first record
/// boundary at or after START to the first at or after END (<see cref="CsvRecordBoundaries"/>). The dialect and
/// schema are sniffed from the whole file before, as for a full read, so every partition gets the same schema.
/// Row numbers and line numbers in messages count from the partition's first record.
/// </summary>
internal static class CsvPartition
{
    /// <summary>The partition's content, for the file whose <paramref name="sample"/> (from its first byte after the
    /// byte order mark) was sniffed as <paramref name="sniff"/>.</summary>
    /// <exception cref="PipelineException">Not a byte range, not one plain UTF-8 file, or a header longer than the sample.</exception>
    public static Stream Open(string file, InputPartition partition, CsvInputOpener.Opened opened, CsvSample sample, CsvFileSniff sniff)
    {
        if (partition.Unit != PartitionUnit.Bytes)
            throw PipelineException.InvalidInput(file, $"a CSV file is partitioned by bytes (--byte-range START:END), not by {partition.OptionName}");
        if (!opened.IsPlainFile)
            throw PipelineException.InvalidInput(file, "--byte-range needs an uncompressed UTF-8 (or ASCII) file: byte offsets of a compressed or transcoded file are not record offsets");
        int headerBytes = 0;
        if (sniff.Dialect.HasHeader)
        {
            var tokenizer = new CsvTokenizer(sniff.Dialect);
            var span = sample.Span;
            int pos = 0;
            while (tokenizer.ReadRecord(span, ref pos) && tokenizer.IsBlank) { }
            if (pos >= span.Length && !sample.IsWholeInput)
                throw PipelineException.InvalidInput(file, "--byte-range: the header record does not end within the sample; check the quoting");
            headerBytes = pos;
        }
        long dataStart = opened.BomLength + headerBytes;
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            var bounds = CsvRecordBoundaries.FirstStartsAtOrAfter(stream, dataStart, [partition.Start, partition.End], sniff.Dialect);
            return new PrefixedReadStream(sample.Bytes[..headerBytes], headerBytes, new FileRangeStream(stream, bounds[0], bounds[1]));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
