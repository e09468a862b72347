using Pipeline.Engine.Yaml;
using Pipeline.Core.Errors;
using Pipeline.Core.History;
using Pipeline.Core.Options;
using Pipeline.IO.Formats;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Hosting.Specs;

/// <summary>
/// Reads a pipeline spec from YAML. Every mistake is reported with the file, line and column, and unknown keys
/// get a "did you mean" suggestion. The format is documented in <c>docs/spec.md</c>.
/// </summary>
public static class SpecReader
{
    private static readonly string[] TopKeys = ["name", "description", "source", "sinks", "options", "rules", "clean", "profile", "dedup", "sort", "report", "columns", "sources", "steps", "alerts", "anomalies", "enrich"];
    private static readonly string[] SourceKeys = ["path", "format", "columns", "csv", "json", .. FileFormatSpecReader.Keys, .. DatabaseSpecReader.SourceKinds];
    private static readonly string[] CsvKeys = ["delimiter", "quote", "header", "encoding", "null_values", "infer_types", "types", "max_record_size", "invalid_utf8"];
    private static readonly string[] JsonKeys = ["nested"];
    private static readonly string[] SinkKeys = ["path", "format", "row_group_size", "compression", "delimiter", "header", .. DatabaseSpecReader.SinkKinds];
    private static readonly string[] OptionKeys = ["batch_size", "parallelism", "memory_limit", "spill_dir", "inference_sample_rows", "type_mismatch", "input_hash", "history", "baseline", "telemetry"];

    /// <summary>Reads and validates a spec file.</summary>
    /// <exception cref="PipelineException">The file is missing or invalid (message has line and column).</exception>
    /// <param name="path">The spec file.</param>
    /// <param name="defaultSource">The input when the spec has no <c>source:</c> (e.g. standard input for
    /// <c>pipeline ipc</c>); null makes <c>source:</c> required.</param>
    public static PipelineSpec ReadFile(string path, SourceSpec? defaultSource = null)
    {
        if (!File.Exists(path)) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: spec file not found");
        return Parse(File.ReadAllText(path), path, defaultSource);
    }

    /// <summary>Parses spec text; relative paths resolve against the folder of <paramref name="specPath"/>.</summary>
    /// <param name="yaml">The spec text (YAML, or JSON, which is YAML too).</param>
    /// <param name="specPath">The spec's file name, for messages and relative paths.</param>
    /// <param name="defaultSource">The input when the spec has no <c>source:</c>; null makes it required.</param>
    public static PipelineSpec Parse(string yaml, string specPath, SourceSpec? defaultSource = null)
    {
        var y = new YamlNodes(specPath);
        var stream = YamlDocuments.Load(yaml, specPath);
        if (stream.Documents.Count == 0)
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{specPath}: the spec is empty (it needs at least 'source:')");
        var root = y.Mapping(stream.Documents[0].RootNode, "the spec");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(specPath))!;

        SourceSpec? source = null;
        var sinks = new List<SinkSpec>();
        var options = new PipelineOptions().WithEnvironment();
        Engine.Validate.RuleSet? rules = null;
        IReadOnlyList<Engine.Clean.ColumnCleaning>? clean = null;
        IReadOnlyList<Engine.Enrich.EnrichmentSpec> enrich = [];
        bool profile = false;
        DedupSpec? dedup = null;
        IReadOnlyList<Core.Operators.Sort.SortKey> sort = [];
        bool? report = null;
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        string? history = null;
        Baseline? baseline = null;
        IReadOnlyList<Alerts.AlertSpec> alerts = [];
        string? telemetry = null;
        IReadOnlyDictionary<string, Engine.Learn.History.Anomalies.IAnomalyStrategy?>? anomalies = null;
        Dictionary<string, SourceSpec> sources = [];
        List<StepSpec> steps = [];
        YamlNode? stepsNode = null;
        foreach (var (key, value) in y.Entries(root, "the spec", TopKeys))
        {
            switch (key)
            {
                case "source": source = ReadSource(y, value, baseDir); break;
                case "sinks":
                    if (value is YamlSequenceNode seq) sinks.AddRange(seq.Children.Select(c => ReadSink(y, c, baseDir)));
                    else sinks.Add(ReadSink(y, value, baseDir));
                    break;
                case "options":
                    options = ReadOptions(y, value, options);
                    history = ReadHistory(y, value, baseDir);
                    baseline = ReadBaseline(y, value);
                    telemetry = ReadTelemetry(y, value);
                    break;
                case "rules": rules = Engine.Validate.Parsing.RulesReader.Read(y, value); break;
                case "clean": clean = Engine.Clean.CleaningReader.Read(y, value); break;
                case "enrich": enrich = Engine.Enrich.EnrichReader.Read(y, value); break;
                case "profile": profile = y.Bool(value, "profile"); break;
                case "alerts": alerts = AlertSpecReader.Read(y, value); break;
                case "anomalies": anomalies = AnomalySpecReader.Read(y, value); break;
                case "dedup": dedup = OperatorSpecReader.ReadDedup(y, value); break;
                case "sort": sort = OperatorSpecReader.ReadSort(y, value); break;
                case "report": report = y.Bool(value, "report"); break;
                case "columns": ReadColumns(y, value, descriptions); break;
                case "name": name = y.Scalar(value, "name"); break;
                case "sources": sources = StepsSpecReader.ReadSources(y, value, n => ReadSource(y, n, baseDir)); break;
                case "steps":
                    stepsNode = value;
                    steps = StepsSpecReader.ReadSteps(y, value, n => ReadSink(y, n, baseDir));
                    break;
            }
        }
        if (steps.Count > 0)
        {
            if (source is not null) sources.TryAdd("source", source);
            if (sources.Count == 0 && defaultSource is not null) sources["source"] = defaultSource;
            if (sources.Count == 0) throw y.Error(stepsNode!, "steps need 'sources:' (name: path) to read from");
            foreach (var (key, node) in root.Children)
                if (key is YamlScalarNode { Value: "rules" or "clean" or "enrich" or "dedup" or "sort" or "sinks" } k)
                    throw y.Error(k, $"with 'steps:', '{k.Value}' belongs inside a step");
            steps = StepGraphCheck.Resolve(y, stepsNode!, sources.Keys, steps);
            source = sources.Values.First();
        }
        else if (sources.Count > 0)
            throw y.Error(root, "'sources:' needs 'steps:' that read them (or use 'source:' for a single input)");
        source ??= defaultSource;
        if (source is null) throw y.Error(root, "the spec needs 'source:' (a file, folder or glob)");
        return new PipelineSpec(source, sinks, options, Path.GetFullPath(specPath))
        {
            Rules = rules, Profile = profile || report == true, Report = report ?? profile, ColumnDescriptions = descriptions,
            Dedup = dedup, Sort = sort, Clean = clean, Enrich = enrich, Name = name, Sources = sources, Steps = steps, History = history, Baseline = baseline, Alerts = alerts, TelemetryEndpoint = telemetry, Anomalies = anomalies,
        };
    }

    private static readonly string[] ColumnKeys = ["description"];

    /// <summary><c>columns: {name: {description: text}}</c>: descriptions for the data dictionary.</summary>
    private static void ReadColumns(YamlNodes y, YamlNode node, Dictionary<string, string> descriptions)
    {
        foreach (var (k, v) in y.Mapping(node, "columns").Children)
        {
            var column = y.Scalar(k, "column name");
            foreach (var (key, value) in y.Entries(y.Mapping(v, $"columns.{column}"), $"columns.{column}", ColumnKeys))
                if (key == "description") descriptions[column] = y.Scalar(value, $"columns.{column}.description");
        }
    }

    private static string Resolve(string baseDir, string path)
        => path == "-" || Connectors.Addresses.IsUri(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDir, path));

    internal static SourceSpec ReadSource(YamlNodes y, YamlNode node, string baseDir)
    {
        if (node is YamlScalarNode) return AtNode(y, node, () => Connectors.Addresses.Source(Resolve(baseDir, y.Scalar(node, "source")), new SourceOptions()));
        var map = y.Mapping(node, "source");
        if (DatabaseSpecReader.ReadSource(y, map, baseDir) is { } database) return database;
        string? path = null;
        var options = new SourceOptions();
        foreach (var (key, value) in y.Entries(map, "source", SourceKeys))
        {
            switch (key)
            {
                case "path": path = Resolve(baseDir, y.Scalar(value, "source.path")); break;
                case "format": options = options with { Format = CheckFormat(y, value, "source.format") }; break;
                case "columns": options = options with { Columns = y.StringList(value, "source.columns") }; break;
                case "csv": options = options with { Csv = ReadCsv(y, value) }; break;
                case "json": options = options with { Json = ReadJson(y, value) }; break;
                default:
                    if (FileFormatSpecReader.Keys.Contains(key)) options = FileFormatSpecReader.Apply(y, key, value, options, baseDir);
                    break;
            }
        }
        if (path is null) throw y.Error(map, "source needs 'path:'");
        return AtNode(y, map, () => Connectors.Addresses.Source(path, options));
    }

    private static CsvReadOptions ReadCsv(YamlNodes y, YamlNode node)
    {
        var csv = new CsvReadOptions();
        foreach (var (key, value) in y.Entries(y.Mapping(node, "source.csv"), "source.csv", CsvKeys))
        {
            csv = key switch
            {
                "delimiter" => csv with { Delimiter = y.Char(value, "csv.delimiter") },
                "quote" => csv with { Quote = y.Char(value, "csv.quote") },
                "header" => csv with { HasHeader = y.Bool(value, "csv.header") },
                "encoding" => csv with { Encoding = y.Scalar(value, "csv.encoding") },
                "null_values" => csv with { NullValues = y.StringList(value, "csv.null_values") },
                "infer_types" => csv with { InferTypes = y.Bool(value, "csv.infer_types") },
                "types" => csv.WithFixedTypes(ReadTypes(y, value)),
                "max_record_size" => csv with { MaxRecordBytes = AtNode(y, value, () => CsvSettings.ParseMaxRecordSize(y.Scalar(value, "csv.max_record_size"), "csv.max_record_size")) },
                "invalid_utf8" => csv with { InvalidUtf8 = AtNode(y, value, () => CsvSettings.ParseInvalidUtf8(y.Scalar(value, "csv.invalid_utf8"), "csv.invalid_utf8")) },
                _ => csv,
            };
        }
        return csv;
    }

    /// <summary>A shared parser's error, placed at the spec's line and column.</summary>
    private static T AtNode<T>(YamlNodes y, YamlNode node, Func<T> parse)
    {
        try { return parse(); }
        catch (PipelineException ex) { throw y.Error(node, ex.Message); }
    }

    private static IReadOnlyList<string> TypeNames => CsvSettings.TypeNames;

    private static Dictionary<string, string> ReadTypes(YamlNodes y, YamlNode node)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in y.Mapping(node, "csv.types").Children)
        {
            var type = y.Scalar(v, "csv.types value");
            if (!TypeNames.Contains(type))
                throw y.Error(v, $"unknown type '{type}'" + (YamlNodes.Suggest(type, TypeNames) is { } s ? $" (did you mean '{s}'?)" : $" (known: {string.Join(", ", TypeNames)})"));
            types[y.Scalar(k, "column name")] = type;
        }
        return types;
    }

    private static JsonReadOptions ReadJson(YamlNodes y, YamlNode node)
    {
        var json = new JsonReadOptions();
        foreach (var (key, value) in y.Entries(y.Mapping(node, "source.json"), "source.json", JsonKeys))
        {
            if (key == "nested")
                json = json with
                {
                    Nested = y.Scalar(value, "json.nested") switch
                    {
                        "flatten" => NestedJsonMode.Flatten,
                        "string" or "json" => NestedJsonMode.AsJsonString,
                        _ => throw y.Error(value, "json.nested must be 'flatten' or 'string'"),
                    },
                };
        }
        return json;
    }

    internal static SinkSpec ReadSink(YamlNodes y, YamlNode node, string baseDir)
    {
        if (node is YamlScalarNode) return AtNode(y, node, () => Connectors.Addresses.Sink(Resolve(baseDir, y.Scalar(node, "sink")), new SinkOptions()));
        var map = y.Mapping(node, "sink");
        if (DatabaseSpecReader.ReadSink(y, map, baseDir) is { } database) return database;
        string? path = null;
        var options = new SinkOptions();
        foreach (var (key, value) in y.Entries(map, "sink", SinkKeys))
        {
            switch (key)
            {
                case "path": path = Resolve(baseDir, y.Scalar(value, "sink.path")); break;
                case "format": options = options with { Format = CheckFormat(y, value, "sink.format") }; break;
                case "row_group_size": options = options with { ParquetRowGroupSize = y.Int(value, "sink.row_group_size") }; break;
                case "compression": options = options with { ParquetCompression = y.Scalar(value, "sink.compression") }; break;
                case "delimiter": options = options with { CsvDelimiter = y.Char(value, "sink.delimiter") }; break;
                case "header": options = options with { CsvHeader = y.Bool(value, "sink.header") }; break;
            }
        }
        if (path is null) throw y.Error(map, "a sink needs 'path:'");
        return AtNode(y, map, () => Connectors.Addresses.Sink(path, options));
    }

    private static string CheckFormat(YamlNodes y, YamlNode node, string what)
    {
        var name = y.Scalar(node, what);
        var known = FileFormats.All.Select(f => f.Name).ToArray();
        if (known.Contains(name)) return name;
        throw y.Error(node, $"unknown format '{name}'" + (YamlNodes.Suggest(name, known) is { } s ? $" (did you mean '{s}'?)" : $" (known: {string.Join(", ", known)})"));
    }

    private static PipelineOptions ReadOptions(YamlNodes y, YamlNode node, PipelineOptions options)
    {
        foreach (var (key, value) in y.Entries(y.Mapping(node, "options"), "options", OptionKeys))
        {
                options = key switch
                {
                    "batch_size" => options with { BatchSize = y.Int(value, "options.batch_size") },
                    "parallelism" => options with { MaxDegreeOfParallelism = y.Int(value, "options.parallelism") },
                    "memory_limit" => options with { MemoryLimit = ParseSize(y, value, "options.memory_limit") },
                    "spill_dir" => options with { SpillDirectory = y.Scalar(value, "options.spill_dir") },
                    "inference_sample_rows" => options with { InferenceSampleRows = y.Int(value, "options.inference_sample_rows") },
                    "type_mismatch" => options with
                    {
                        TypeMismatch = y.Scalar(value, "options.type_mismatch") switch
                        {
                            "widen" => TypeMismatchPolicy.Widen,
                            "quarantine" => TypeMismatchPolicy.Quarantine,
                            _ => throw y.Error(value, "options.type_mismatch must be 'widen' or 'quarantine'"),
                        },
                    },
                    "input_hash" => options with
                    {
                        InputHash = InputHashPolicyNames.Parse(y.Scalar(value, "options.input_hash"))
                            ?? throw y.Error(value, $"options.input_hash must be one of {string.Join(", ", InputHashPolicyNames.All)}"),
                    },
                    _ => options,
                };
        }
        return options;
    }

    /// <summary><c>options.baseline</c>: <c>previous</c>, <c>first</c>, <c>run:ID</c>, <c>window:N</c> or
    /// <c>{window: N}</c>; null when absent.</summary>
    private static Baseline? ReadBaseline(YamlNodes y, YamlNode node)
    {
        foreach (var (key, value) in y.Entries(y.Mapping(node, "options"), "options", OptionKeys))
        {
            if (key != "baseline") continue;
            if (value is YamlMappingNode map)
            {
                foreach (var (k, v) in y.Entries(map, "options.baseline", ["window", "run"]))
                {
                    var text = y.Scalar(v, $"options.baseline.{k}");
                    return Checked(y, v, () => k == "window" ? Baseline.Parse($"window:{text}") : Baseline.Run(text));
                }
                throw y.Error(value, "options.baseline: give window: N or run: ID");
            }
            var scalar = y.Scalar(value, "options.baseline");
            return Checked(y, value, () => Baseline.Parse(scalar));
        }
        return null;
    }

    /// <summary><c>options.telemetry: {otlp_endpoint: URL}</c>; null when absent.</summary>
    private static string? ReadTelemetry(YamlNodes y, YamlNode node)
    {
        foreach (var (key, value) in y.Entries(y.Mapping(node, "options"), "options", OptionKeys))
        {
            if (key != "telemetry") continue;
            foreach (var (k, v) in y.Entries(y.Mapping(value, "options.telemetry"), "options.telemetry", ["otlp_endpoint"]))
            {
                var url = y.Scalar(v, "options.telemetry.otlp_endpoint");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw y.Error(v, "options.telemetry.otlp_endpoint: the collector's http(s) base URL, e.g. http://localhost:4318");
                return url;
            }
        }
        return null;
    }

    private static Baseline Checked(YamlNodes y, YamlNode node, Func<Baseline> read)
    {
        try { return read(); }
        catch (PipelineException ex) { throw y.Error(node, $"options.{ex.Message}"); }
    }

    /// <summary><c>options.history</c>: a path (relative to the spec's folder) or <c>false</c>; null when absent.</summary>
    private static string? ReadHistory(YamlNodes y, YamlNode node, string baseDir)
    {
        foreach (var (key, value) in y.Entries(y.Mapping(node, "options"), "options", OptionKeys))
        {
            if (key != "history") continue;
            var text = y.Scalar(value, "options.history");
            if (text is "false" or "off") return Running.History.HistoryLocation.Off;
            if (text is "true") throw y.Error(value, "options.history: a path to the history file, or false to record nothing");
            return Resolve(baseDir, text);
        }
        return null;
    }

    private static long ParseSize(YamlNodes y, YamlNode node, string what)
    {
        try { return ByteSize.Parse(y.Scalar(node, what)); }
        catch (PipelineException ex) { throw y.Error(node, $"{what}: {ex.Message}"); }
    }
}
