using System.Text;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// The files of one CSV source and how each is opened: the first is sniffed for dialect and schema; every later
/// file gets its own dialect but must carry the same header (or field count) as the first.
/// </summary>
internal sealed class CsvInputSet(IReadOnlyList<string> files, SourceOptions options, PipelineOptions pipelineOptions)
{
    private const int MaxSampleBytes = 8 << 20;
    private const int LaterFileSampleBytes = 64 << 10;

    public IReadOnlyList<string> Files => files;
    public SourceOptions Options => options;

    /// <summary>Largest record in bytes (see <see cref="CsvReadOptions.MaxRecordBytes"/>).</summary>
    public int MaxRecordBytes => options.Csv.MaxRecordBytes ?? CsvSource.DefaultMaxRecordBytes;

    /// <summary>True when every input can be read again (no standard input), which a widening restart needs.</summary>
    public bool Rereadable => !files.Contains("-");

    /// <summary>An opened file, positioned at its first byte of content (the sample replayed in front).</summary>
    internal sealed record OpenedFile(CsvFileInfo Info, Stream Content) : IDisposable
    {
        public void Dispose() => Content.Dispose();
    }

    /// <summary>Sniffs the first file and opens it for streaming.</summary>
    public (CsvFileSniff Sniff, OpenedFile File) OpenFirst(IProgressReporter? progress)
    {
        var file = files[0];
        var opened = CsvInputOpener.Open(file, options.Csv.Encoding, progress, out _, options.Decompression);
        try
        {
            var sample = CsvSample.Read(opened.Utf8, pipelineOptions.InferenceSampleRows + 1, MaxSampleBytes, file);
            var sniff = CsvSchemaSniffer.Sniff(sample, ApplyExtensionDefaults(options.Csv, file), pipelineOptions.InferenceSampleRows,
                opened.Encoding, opened.IsPlainFile ? (file, opened.BomLength) : null, file, pipelineOptions.MaxColumns);
            if (options.Partition is { } partition)
            {
                partition.RequireOneFile(files);
                var range = CsvPartition.Open(file, partition, opened, sample, sniff);
                opened.Dispose();
                return (sniff, new OpenedFile(new CsvFileInfo(file, sniff.Dialect), range));
            }
            return (sniff, new OpenedFile(new CsvFileInfo(file, sniff.Dialect), sample.Continue(opened.Utf8)));
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Opens a later file, checking its header against the first file's columns.</summary>
    /// <exception cref="PipelineException">Its header (or field count) differs from the first file's.</exception>
    public OpenedFile OpenLater(int index, CsvFileSniff first, IProgressReporter? progress)
    {
        var file = files[index];
        var opened = CsvInputOpener.Open(file, options.Csv.Encoding, progress, out _, options.Decompression);
        try
        {
            var sample = CsvSample.Read(opened.Utf8, 200, LaterFileSampleBytes, file);
            var csv = ApplyExtensionDefaults(options.Csv, file);
            var dialect = CsvDialectSniffer.Sniff(sample.Span, sample.IsWholeInput, csv.Delimiter, csv.Quote, opened.Encoding)
                with { HasHeader = first.Dialect.HasHeader };
            var tokenizer = new CsvTokenizer(dialect);
            int pos = 0;
            var span = sample.Span;
            while (tokenizer.ReadRecord(span, ref pos) && tokenizer.IsBlank) { }
            if (tokenizer.FieldCount > 0 && !(tokenizer.FieldCount == 1 && tokenizer.IsBlank))
            {
                byte[] scratch = new byte[256];
                var cells = new List<string>();
                foreach (var f in tokenizer.Fields) cells.Add(Encoding.UTF8.GetString(tokenizer.Value(span, f, ref scratch)));
                if (dialect.HasHeader)
                {
                    var names = CsvHeaderNames.MakeUnique(cells);
                    if (!names.SequenceEqual(first.Columns))
                        throw new PipelineException(PipelineErrorKind.Schema,
                            $"{file}: header ({string.Join(", ", names)}) differs from the header of {files[0]} ({string.Join(", ", first.Columns)})");
                }
                else if (cells.Count != first.Columns.Length)
                    throw new PipelineException(PipelineErrorKind.Schema,
                        $"{file}: {cells.Count} fields per record, but {files[0]} has {first.Columns.Length}");
            }
            return new OpenedFile(new CsvFileInfo(file, dialect), sample.Continue(opened.Utf8));
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Builds the read plan (projection, types, nulls) for the sniffed schema.</summary>
    /// <exception cref="PipelineException">A projected column does not exist.</exception>
    public CsvReadPlan Plan(CsvFileSniff sniff)
    {
        int[] projection;
        if (options.Columns is { } wanted)
        {
            projection = new int[wanted.Count];
            for (int i = 0; i < wanted.Count; i++)
            {
                projection[i] = System.Array.IndexOf(sniff.Columns, wanted[i]);
                if (projection[i] < 0)
                    throw new PipelineException(PipelineErrorKind.Schema,
                        $"{files[0]}: no column '{wanted[i]}' (columns: {string.Join(", ", sniff.Columns)})");
            }
        }
        else projection = Enumerable.Range(0, sniff.Columns.Length).ToArray();
        var types = projection.Select(i => sniff.Types[i]).ToArray();
        var schema = new Schema(projection.Select((i, o) => types[o].ToField(sniff.Columns[i])), null);
        var nulls = options.Csv.NullValues;
        return new CsvReadPlan
        {
            Schema = schema,
            FileColumns = sniff.Columns,
            Projection = projection,
            Types = types,
            NullValues = nulls.Where(n => n.Length > 0).Select(n => Encoding.UTF8.GetBytes(n)).ToArray(),
            EmptyStringIsNull = nulls.Contains(""),
            BatchRows = pipelineOptions.BatchSize,
        };
    }

    /// <summary><c>.tsv</c> and <c>.tab</c> files are tab-separated unless a delimiter is given.</summary>
    public static CsvReadOptions ApplyExtensionDefaults(CsvReadOptions csv, string file)
    {
        if (csv.Delimiter is not null) return csv;
        var ext = Path.GetExtension(Decompression.CompressionCodecs.InnerName(file));
        return ext is ".tsv" or ".tab" ? csv with { Delimiter = '\t' } : csv;
    }
}
