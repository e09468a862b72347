using System.CommandLine;
using System.Text.Json;
using Pipeline.Core.Execution;
using Pipeline.Core.Options;
using Pipeline.Engine.Results;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.Csv;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline schema INPUT</c>: prints the inferred schema and, for text formats, the detected dialect.</summary>
internal static class SchemaCommand
{
    /// <summary>Schema-level metadata keys with this prefix describe how the input was read (dialect, encoding).</summary>
    public const string ReaderMetadataPrefix = "pipeline.";

    public static Command Create(CommonOptions common)
    {
        var input = new Argument<string>("input") { Description = "Input file, folder, glob, - for standard input, or a connector URI (mysql://..., redis://...)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("schema", "Print the schema Pipeline infers for an input (and the CSV dialect it detected).") { input, json };
        common.AddSourceOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(input)!;
            if (Hosting.Connectors.Addresses.IsUri(path)) return await ConnectorSchema.PrintAsync(path, parse.GetValue(json), ct);
            var options = common.Source(parse);
            var source = FileFormats.OpenSource(path, options);
            using var context = new PipelineContext(new PipelineOptions().WithEnvironment(), ct);
            using var stream = source.Open(context);
            var schema = stream.Schema;
            // CSV is the one format whose layout is guessed; show what was detected so a wrong guess is easy to override.
            var dialect = source.Format == CsvFormat.FormatName ? CsvFormat.Sniff(path, options).Dialect : null;
            var reader = schema.HasMetadata
                ? schema.Metadata.Where(kv => kv.Key.StartsWith(ReaderMetadataPrefix, StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key[ReaderMetadataPrefix.Length..], kv => kv.Value)
                    // The format is printed once, from the source; a reader that also notes it adds nothing.
                    .Where(kv => !(kv.Key == "format" && kv.Value == source.Format)).ToDictionary()
                : new Dictionary<string, string>();
            if (parse.GetValue(json))
            {
                var doc = new
                {
                    input = path,
                    format = source.Format,
                    files = source.Files,
                    dialect = dialect is null ? null : new
                    {
                        delimiter = dialect.Delimiter.ToString(),
                        quote = dialect.Quote.ToString(),
                        header = dialect.HasHeader,
                        encoding = dialect.Encoding,
                        line_ending = dialect.LineEnding.ToString().ToUpperInvariant(),
                    },
                    reader = reader,
                    columns = schema.FieldsList.Select(f => new
                    {
                        name = f.Name,
                        type = TypeNames.Describe(f.DataType),
                        nullable = f.IsNullable,
                        metadata = f.HasMetadata ? f.Metadata : null,
                    }),
                };
                Console.Out.WriteLine(JsonSerializer.Serialize(doc, ResultsJson.Options));
                return 0;
            }
            Console.Out.WriteLine($"format: {source.Format}");
            if (source.Files.Count > 1) Console.Out.WriteLine($"files: {source.Files.Count}");
            if (dialect is not null) Console.Out.WriteLine($"dialect: {dialect.Describe()}");
            foreach (var (key, value) in reader) Console.Out.WriteLine($"{key}: {Printable(value)}");
            Console.Out.WriteLine("columns:");
            foreach (var f in schema.FieldsList)
            {
                var notes = f.HasMetadata ? "  # " + string.Join(", ", f.Metadata.Select(kv => $"{kv.Key.Replace(ReaderMetadataPrefix, "")}={kv.Value}")) : "";
                Console.Out.WriteLine($"  {f.Name}: {TypeNames.Describe(f.DataType)}{(f.IsNullable ? "" : " not null")}{notes}");
            }
            await Task.CompletedTask;
            return 0;
        });
        return command;
    }

    private static string Printable(string value) => value switch
    {
        "\t" => "\\t",
        "\r\n" => "\\r\\n",
        "\n" => "\\n",
        "\r" => "\\r",
        _ => value,
    };
}
