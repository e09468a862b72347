using System.CommandLine;
using Pipeline.Core.Errors;
using Pipeline.Core.Options;
using Pipeline.Hosting.Running.History;
using Pipeline.IO.Formats;

namespace Pipeline.Cli.Commands;

/// <summary>Options shared by several commands, and how they map onto reader, writer and engine settings.</summary>
internal sealed class CommonOptions
{
    public Option<string?> InputFormat { get; } = new("--input-format") { Description = "Input format: csv, jsonl, json (a document), parquet, arrow (IPC file), arrows (IPC stream), excel, avro, fixed. Default: from the extension, then the content (decompressed first when it is gzip, zstd, bzip2 or zip)." };
    public Option<string?> RecordsPath { get; } = new("--records-path") { Description = "JSON document: the dotted keys of the array of records (data.items). Default: the document's top-level array, or its first key holding an array." };
    public Option<string?> Sheet { get; } = new("--sheet") { Description = "Excel: the sheet to read, by name or 1-based position. Default: the first." };
    public Option<int?> HeaderRow { get; } = new("--header-row") { Description = "Excel: the 1-based row holding the column names (rows above it are skipped); 0 for none. Default: 1." };
    public Option<string?> ReaderSchema { get; } = new("--reader-schema") { Description = "Avro: a reader schema (.avsc path or JSON) to resolve the files' schemas to (schema evolution)." };
    public Option<string?> Layout { get; } = new("--layout") { Description = "Fixed-width text: the columns as name:start:width,... (start counted from 1); implies --input-format fixed." };
    public Option<double?> MaxDecompressionRatio { get; } = new("--max-decompression-ratio") { Description = "Compressed inputs: refuse one that decompresses to more than this many times its size (default 1000; checked past 16MiB)." };
    public Option<string?> MaxDecompressedSize { get; } = new("--max-decompressed-size") { Description = "Compressed inputs: refuse one that decompresses to more than this, e.g. 10GiB (default: no limit beyond the ratio)." };
    public Option<string[]> Columns { get; } = new("--columns") { Description = "Read only these columns (comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };
    public Option<string?> Delimiter { get; } = new("--delimiter") { Description = "CSV field delimiter (one character, or \\t). Default: detected." };
    public Option<string?> Quote { get; } = new("--quote") { Description = "CSV quote character. Default: detected." };
    public Option<bool?> Header { get; } = new("--header") { Description = "Whether the CSV has a header row (true/false). Default: detected." };
    public Option<string?> Encoding { get; } = new("--encoding") { Description = "Text encoding (utf-8, utf-16le, utf-16be, latin1). Default: from the BOM, else UTF-8." };
    public Option<bool> AllStrings { get; } = new("--no-infer") { Description = "Read every CSV/JSON column as a string." };
    public Option<string?> MaxRecordSize { get; } = new("--max-record-size") { Description = "Largest CSV record, e.g. 4MiB (default); a longer one, or a quote never closed, is quarantined at its first line and reading resumes on the next." };
    public Option<string?> InvalidUtf8 { get; } = new("--invalid-utf8") { Description = "CSV records with bytes that are not UTF-8: replace (default; each bad sequence becomes U+FFFD), quarantine, or fail. Counted in results.json warnings either way." };
    public Option<string[]> Types { get; } = new("--types") { Description = "Fix CSV column types instead of inferring them: col=double,other=string (types: string, int64, double, bool, date, timestamp, decimal). Values that do not fit are quarantined with their line.", AllowMultipleArgumentsPerToken = true };
    public Option<bool> AllowTruncated { get; } = new("--allow-truncated") { Description = "Accept an Arrow IPC stream that ends without its end-of-stream marker (the run's status is then truncated_input)." };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Rows per batch (default 65536; 16384 when --memory-limit is under 512MiB)." };
    public Option<int?> Parallelism { get; } = new("--parallelism") { Description = "Worker threads (default: all cores)." };
    public Option<string?> MemoryLimit { get; } = new("--memory-limit") { Description = "Memory budget for buffered state, e.g. 512MiB, 2GiB (default: half of available memory). The .NET heap is capped at the budget + max(64MiB, budget/4); peak memory stays under that + 60MiB, + 140MiB when writing Parquet (docs/reliability.md)." };
    public Option<int?> MaxColumns { get; } = new("--max-columns") { Description = "Most columns a reader accepts (default 10000); a wider CSV or JSON lines input is bad input." };
    public Option<string?> TypeMismatch { get; } = new("--type-mismatch") { Description = "When a later value does not fit the sniffed type: widen (default) or quarantine." };
    public Option<string?> InputHash { get; } = new("--input-hash") { Description = "How results.json identifies input files: auto (default: SHA-256 of files up to 64 MiB, a fingerprint of larger ones), sha256 (every byte of every file), fingerprint (size, time and sampled bytes), none." };

    public Option<string?> History { get; } = new("--history") { Description = "Run history file (DuckDB) to record the run in and compare it with (default: $PIPELINE_HISTORY, else .pipeline/history.duckdb in the current folder; docs/history.md)." };
    public Option<bool> NoHistory { get; } = new("--no-history") { Description = "Do not record the run in the run history (and compute no drift)." };
    public Option<string?> Dataset { get; } = new("--dataset") { Description = "The dataset the run is recorded under in the history (default: the spec's name:, else the input file name without dates)." };

    public Option<string?> Baseline { get; } = new("--baseline") { Description = "What drift is measured against: previous (default), first, run:ID or window:N (the last N runs pooled)." };

    public Option<string?> RowGroups { get; } = new("--row-groups") { Description = "Read only row groups A:B (B exclusive, may be left out) of the one Parquet input: a partition from `pipeline plan` (docs/distributed.md)." };
    public Option<string?> ByteRange { get; } = new("--byte-range") { Description = "Read only the records of the one CSV or JSON lines input that start in bytes START:END (END exclusive): ranges that tile the file read every record once (docs/distributed.md)." };
    public Option<string?> State { get; } = new("--state") { Description = "Write the run's mergeable state to this file: rule counts and key sets, row and null counts, quarantine files, and the profile state when the run profiles (combine partitions with `pipeline merge`)." };

    public void AddPartitionOptions(Command command)
    {
        foreach (var o in new Option[] { RowGroups, ByteRange }) command.Options.Add(o);
    }

    /// <summary>The partition selected by <c>--row-groups</c> or <c>--byte-range</c>, or null.</summary>
    public IO.Partitions.InputPartition? Partition(ParseResult parse)
    {
        var rowGroups = parse.GetValue(RowGroups);
        var bytes = parse.GetValue(ByteRange);
        if (rowGroups is not null && bytes is not null)
            throw new PipelineException(PipelineErrorKind.InvalidInput, "--row-groups and --byte-range cannot be used together");
        return rowGroups is not null ? IO.Partitions.InputPartition.Parse(IO.Partitions.PartitionUnit.RowGroups, rowGroups)
            : bytes is not null ? IO.Partitions.InputPartition.Parse(IO.Partitions.PartitionUnit.Bytes, bytes)
            : null;
    }

    public void AddHistoryOptions(Command command)
    {
        foreach (var o in new Option[] { History, NoHistory, Dataset, Baseline }) command.Options.Add(o);
    }

    /// <summary>Where the run is recorded, or null for no history (<see cref="HistoryLocation.Resolve"/>); the baseline
    /// is <c>--baseline</c>, else the spec's, else the previous run.</summary>
    public HistorySettings? HistorySettings(ParseResult parse, string? specHistory = null, Core.History.Baseline? specBaseline = null)
    {
        var baseline = parse.GetValue(Baseline) is { Length: > 0 } b ? Core.History.Baseline.Parse(b) : specBaseline ?? Core.History.Baseline.Previous;
        return HistoryLocation.Resolve(parse.GetValue(NoHistory), parse.GetValue(History), specHistory) is { } path
            ? new HistorySettings(path, parse.GetValue(Dataset) is { Length: > 0 } d ? d : null) { Baseline = baseline }
            : null;
    }

    public void AddSourceOptions(Command command)
    {
        foreach (var o in new Option[] { InputFormat, Columns, Delimiter, Quote, Header, Encoding, AllStrings, AllowTruncated, MaxRecordSize, InvalidUtf8, Types,
                                         RecordsPath, Sheet, HeaderRow, ReaderSchema, Layout, MaxDecompressionRatio, MaxDecompressedSize }) command.Options.Add(o);
    }

    public void AddEngineOptions(Command command)
    {
        foreach (var o in new Option[] { BatchSize, Parallelism, MemoryLimit, TypeMismatch, InputHash, MaxColumns }) command.Options.Add(o);
    }

    public SourceOptions Source(ParseResult parse, SourceOptions? start = null)
    {
        var options = start ?? new SourceOptions();
        if (parse.GetValue(InputFormat) is { } format) options = options with { Format = FileFormats.ByName(format).Name };
        if (parse.GetValue(Columns) is { Length: > 0 } columns)
            options = options with { Columns = columns.SelectMany(c => c.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList() };
        var csv = options.Csv;
        if (parse.GetValue(Delimiter) is { } d) csv = csv with { Delimiter = OneChar(d, "--delimiter") };
        if (parse.GetValue(Quote) is { } q) csv = csv with { Quote = OneChar(q, "--quote") };
        if (parse.GetValue(Header) is { } h) csv = csv with { HasHeader = h };
        if (parse.GetValue(Encoding) is { } e) csv = csv with { Encoding = e };
        if (parse.GetValue(AllStrings)) csv = csv with { InferTypes = false };
        if (parse.GetValue(Types) is { Length: > 0 } types)
        {
            var fixedTypes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in types.SelectMany(t => t.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0].Length == 0 || !CsvSettings.TypeNames.Contains(parts[1]))
                    throw new PipelineException(PipelineErrorKind.InvalidInput, $"--types: '{pair}' must be COLUMN=TYPE with TYPE one of {string.Join(", ", CsvSettings.TypeNames)}");
                fixedTypes[parts[0]] = parts[1];
            }
            csv = csv.WithFixedTypes(fixedTypes);
        }
        if (parse.GetValue(InvalidUtf8) is { } policy) csv = csv with { InvalidUtf8 = CsvSettings.ParseInvalidUtf8(policy, "--invalid-utf8") };
        if (parse.GetValue(MaxRecordSize) is { } size) csv = csv with { MaxRecordBytes = CsvSettings.ParseMaxRecordSize(size, "--max-record-size") };
        if (parse.GetValue(AllowTruncated)) options = options with { AllowTruncated = true };
        if (Partition(parse) is { } partition) options = options with { Partition = partition };
        return FileFormatOptions(parse, options) with { Csv = csv };
    }

    /// <summary>The settings of the formats beyond CSV: document records, Excel, Avro, fixed width, decompression limits.</summary>
    private SourceOptions FileFormatOptions(ParseResult parse, SourceOptions options)
    {
        if (parse.GetValue(RecordsPath) is { } records) options = options with { RecordsPath = records };
        if (parse.GetValue(Sheet) is { } sheet) options = options with { Excel = options.Excel with { Sheet = sheet } };
        if (parse.GetValue(HeaderRow) is { } row)
            options = options with { Excel = options.Excel with { HeaderRow = row >= 0 ? row : throw new PipelineException(PipelineErrorKind.InvalidInput, "--header-row: must be 0 (no header) or a row number from 1") } };
        if (parse.GetValue(ReaderSchema) is { } schema) options = options with { Avro = options.Avro with { ReaderSchema = schema } };
        if (parse.GetValue(Layout) is { } layout) options = options with { FixedWidth = IO.Sources.FixedWidth.FixedWidthLayout.Parse(layout, "--layout") };
        if (parse.GetValue(MaxDecompressionRatio) is { } ratio)
            options = options with { Decompression = options.Decompression with { MaxRatio = ratio >= 1 ? ratio : throw new PipelineException(PipelineErrorKind.InvalidInput, "--max-decompression-ratio: must be at least 1") } };
        if (parse.GetValue(MaxDecompressedSize) is { } size) options = options with { Decompression = options.Decompression with { MaxBytes = ByteSize.Parse(size) } };
        return options;
    }

    public PipelineOptions Engine(ParseResult parse, PipelineOptions start)
    {
        var options = start;
        if (parse.GetValue(BatchSize) is { } b) options = options with { BatchSize = b };
        if (parse.GetValue(Parallelism) is { } p) options = options with { MaxDegreeOfParallelism = p };
        if (parse.GetValue(MemoryLimit) is { } m) options = options with { MemoryLimit = ByteSize.Parse(m) };
        if (parse.GetValue(MaxColumns) is { } maxColumns) options = options with { MaxColumns = maxColumns };
        if (parse.GetValue(TypeMismatch) is { } t)
            options = options with
            {
                TypeMismatch = t switch
                {
                    "widen" => TypeMismatchPolicy.Widen,
                    "quarantine" => TypeMismatchPolicy.Quarantine,
                    _ => throw new PipelineException(PipelineErrorKind.InvalidInput, $"--type-mismatch: '{t}' must be widen or quarantine"),
                },
            };
        if (parse.GetValue(InputHash) is { } h)
            options = options with
            {
                InputHash = InputHashPolicyNames.Parse(h)
                    ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"--input-hash: '{h}' must be one of {string.Join(", ", InputHashPolicyNames.All)}"),
            };
        // The batch size under a small budget is the options' own policy (PipelineOptions.BatchSize), as from .NET.
        options = options.Validate();
        // The CLI owns its process, so it also bounds the GC heap (a library embedded in another process does not).
        Core.Memory.ManagedHeapLimit.Apply(options.MemoryLimit);
        return options;
    }

    private static char OneChar(string value, string option) => value switch
    {
        "\\t" or "tab" => '\t',
        { Length: 1 } => value[0],
        _ => throw new PipelineException(PipelineErrorKind.InvalidInput, $"{option}: '{value}' must be one character"),
    };
}
