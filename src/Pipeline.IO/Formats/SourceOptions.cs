namespace Pipeline.IO.Formats;

/// <summary>How to read an input. Every member has a default that works for the common case.</summary>
public sealed record SourceOptions
{
    /// <summary>Format name; null detects it from the extension, then the content.</summary>
    public string? Format { get; init; }

    /// <summary>Columns to read (projection); null reads all. Formats that store columns separately
    /// (Parquet, Arrow) read only these; text formats parse and drop the rest.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>Columns the consumer takes as well dictionary-encoded (a step's grouping keys): a format that stores
    /// such a column with few distinct values (Parquet) hands it over as an Arrow dictionary instead of decoding
    /// every value; other formats ignore it. Null: every column decoded. <see cref="AllTextColumns"/> stands for every
    /// string column.</summary>
    public IReadOnlyList<string>? DictionaryColumns { get; init; }

    /// <summary>In <see cref="DictionaryColumns"/>: every string column of the input (for a consumer that handles
    /// dictionaries in any column, such as the summary profile).</summary>
    public const string AllTextColumns = "*";

    /// <summary>CSV dialect overrides; null members are detected.</summary>
    public CsvReadOptions Csv { get; init; } = new();

    /// <summary>JSON lines settings.</summary>
    public JsonReadOptions Json { get; init; } = new();

    /// <summary>Where the records are in a JSON or XML document: for JSON, the dotted keys of the array of records
    /// (<c>data.items</c>; null: the document is the array itself); for XML, the element path of one record
    /// (<c>catalog/book</c>, or just <c>book</c>; null: the children of the root element).</summary>
    public string? RecordsPath { get; init; }

    /// <summary>Bounds on what a compressed input may decompress to.</summary>
    public Decompression.DecompressionLimits Decompression { get; init; } = new();

    /// <summary>Excel workbook settings (sheet, header row).</summary>
    public ExcelReadOptions Excel { get; init; } = new();

    /// <summary>Avro settings (reader schema).</summary>
    public AvroReadOptions Avro { get; init; } = new();

    /// <summary>The column layout of fixed-width text; required for the <c>fixed</c> format.</summary>
    public IReadOnlyList<FixedWidthColumn> FixedWidth { get; init; } = [];

    /// <summary>Accept an Arrow IPC stream that ends without its end-of-stream marker (a producer that died, a cut
    /// pipe): its complete batches are read and the run's status is <c>truncated_input</c>. Default false: such a
    /// stream is bad input.</summary>
    public bool AllowTruncated { get; init; }

    /// <summary>Read only this range of the (single) input file: row groups of a Parquet file, or the records
    /// starting in a byte range of a CSV or JSON lines file (<c>--row-groups</c>, <c>--byte-range</c>; see
    /// docs/distributed.md). Null: the whole input.</summary>
    public Partitions.InputPartition? Partition { get; init; }
}

/// <summary>CSV dialect and parsing settings. Null means "detect".</summary>
public sealed record CsvReadOptions
{
    /// <summary>Field delimiter; detected among <c>, ; \t |</c> when null.</summary>
    public char? Delimiter { get; init; }
    /// <summary>Quote character; detected (<c>"</c> or <c>'</c>) when null.</summary>
    public char? Quote { get; init; }
    /// <summary>Whether the first row is a header; detected when null.</summary>
    public bool? HasHeader { get; init; }
    /// <summary>Text encoding name (<c>utf-8</c>, <c>utf-16le</c>, <c>latin1</c>, ...); detected from the BOM when null (UTF-8 otherwise).</summary>
    public string? Encoding { get; init; }
    /// <summary>Field values read as null (besides the empty field). Default: empty only.</summary>
    public IReadOnlyList<string> NullValues { get; init; } = [""];
    /// <summary>Column types fixed by the user or by a restart after a failed sniff (column name → type name:
    /// <c>string</c>, <c>int64</c>, <c>double</c>, <c>bool</c>, <c>date</c>, <c>timestamp</c>, <c>decimal</c>).
    /// Columns not listed are inferred.</summary>
    public IReadOnlyDictionary<string, string> ColumnTypes { get; init; } = new Dictionary<string, string>();
    /// <summary>Columns whose type in <see cref="ColumnTypes"/> the user fixed (spec <c>csv.types</c>, <c>--types</c>):
    /// a value that does not fit is quarantined with its line instead of widening the column.</summary>
    public IReadOnlySet<string> FixedTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal);
    /// <summary>When false every column is read as a string.</summary>
    public bool InferTypes { get; init; } = true;
    /// <summary>What to do with a record holding bytes that are not UTF-8 (<c>--invalid-utf8</c>). Default
    /// <see cref="InvalidUtf8Policy.Replace"/>; the count and first line are reported in <c>warnings[]</c> either way.</summary>
    public InvalidUtf8Policy InvalidUtf8 { get; init; } = InvalidUtf8Policy.Replace;
    /// <summary>Largest record in bytes (<c>--max-record-size</c>); a longer one, or a quoted field never closed, is
    /// quarantined at the line it starts on and reading resumes on the next line. Null: 4 MiB.</summary>
    public int? MaxRecordBytes { get; init; }
}

/// <summary>JSON lines settings.</summary>
public sealed record JsonReadOptions
{
    /// <summary>How nested objects become columns. Default: flattened to dotted names (<c>address.city</c>).</summary>
    public NestedJsonMode Nested { get; init; } = NestedJsonMode.Flatten;

    /// <summary>Columns fixed by the user or by a restart after a failed sniff, in order (name → <c>bool</c>, <c>int64</c>,
    /// <c>double</c> or <c>string</c>). They come first in the schema; other keys seen in the sample follow.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ColumnTypes { get; init; } = [];
}

/// <summary>How nested JSON objects become columns.</summary>
public enum NestedJsonMode
{
    /// <summary>Each leaf becomes its own column with a dotted name (<c>a.b.c</c>); arrays are kept as JSON text.</summary>
    Flatten,
    /// <summary>Each top-level object or array value is kept as its JSON text in a string column.</summary>
    AsJsonString,
}

/// <summary>What a CSV reader does with a record whose bytes are not valid UTF-8.</summary>
public enum InvalidUtf8Policy
{
    /// <summary>Keep the record; each invalid sequence becomes U+FFFD (counted and reported as a warning).</summary>
    Replace,
    /// <summary>Quarantine the record with its line.</summary>
    Quarantine,
    /// <summary>Stop the run with an error naming the file and line (exit 2).</summary>
    Fail,
}

/// <summary>Excel workbook settings.</summary>
public sealed record ExcelReadOptions
{
    /// <summary>The sheet to read: its name, or its 1-based position; null reads the first sheet.</summary>
    public string? Sheet { get; init; }

    /// <summary>The 1-based row holding the column names (rows above it are skipped); 0: no header row, columns are
    /// named <c>column1</c>, <c>column2</c>, ... Default 1.</summary>
    public int HeaderRow { get; init; } = 1;
}

/// <summary>Avro settings.</summary>
public sealed record AvroReadOptions
{
    /// <summary>The reader schema (Avro schema resolution: renamed, added or removed fields, promoted types): a path to
    /// an <c>.avsc</c> file or the schema's JSON text. Null reads with the writer's schema stored in the file.</summary>
    public string? ReaderSchema { get; init; }
}

/// <summary>One column of fixed-width text.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Start">The 1-based position of its first character on the line.</param>
/// <param name="Width">Its width in characters.</param>
public sealed record FixedWidthColumn(string Name, int Start, int Width);
