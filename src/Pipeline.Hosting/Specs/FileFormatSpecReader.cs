using Pipeline.Core.Options;
using Pipeline.Engine.Yaml;
using Pipeline.IO.Formats;
using Pipeline.IO.Sources.FixedWidth;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Hosting.Specs;

/// <summary>The file-format settings of a spec's <c>source:</c>: <c>records_path</c> (JSON and XML documents),
/// <c>excel:</c> (sheet, header_row), <c>avro:</c> (reader_schema), <c>fixed_width:</c> (a list of name/start/width)
/// and <c>decompression:</c> (max_ratio, max_size).</summary>
internal static class FileFormatSpecReader
{
    /// <summary>The source keys read here.</summary>
    public static readonly string[] Keys = ["records_path", "excel", "avro", "fixed_width", "decompression"];

    private static readonly string[] ExcelKeys = ["sheet", "header_row"];
    private static readonly string[] AvroKeys = ["reader_schema"];
    private static readonly string[] ColumnKeys = ["name", "start", "width"];
    private static readonly string[] DecompressionKeys = ["max_ratio", "max_size"];

    /// <summary>Applies one of <see cref="Keys"/> to <paramref name="options"/>; relative paths resolve against <paramref name="baseDir"/>.</summary>
    public static SourceOptions Apply(YamlNodes y, string key, YamlNode value, SourceOptions options, string baseDir) => key switch
    {
        "records_path" => options with { RecordsPath = y.Scalar(value, "source.records_path") },
        "excel" => options with { Excel = ReadExcel(y, value) },
        "avro" => options with { Avro = ReadAvro(y, value, baseDir) },
        "fixed_width" => options with { FixedWidth = ReadFixedWidth(y, value) },
        "decompression" => options with { Decompression = ReadDecompression(y, value) },
        _ => options,
    };

    private static ExcelReadOptions ReadExcel(YamlNodes y, YamlNode node)
    {
        var excel = new ExcelReadOptions();
        foreach (var (key, value) in y.Entries(y.Mapping(node, "source.excel"), "source.excel", ExcelKeys))
            excel = key == "sheet" ? excel with { Sheet = y.Scalar(value, "excel.sheet") } : excel with { HeaderRow = y.Int(value, "excel.header_row") };
        if (excel.HeaderRow < 0) throw y.Error(node, "excel.header_row must be 0 (no header) or a row number from 1");
        return excel;
    }

    private static AvroReadOptions ReadAvro(YamlNodes y, YamlNode node, string baseDir)
    {
        var avro = new AvroReadOptions();
        foreach (var (_, value) in y.Entries(y.Mapping(node, "source.avro"), "source.avro", AvroKeys))
        {
            var schema = y.Scalar(value, "avro.reader_schema");
            // A path (resolved like the source's) or the schema's JSON text.
            var text = schema.TrimStart().StartsWith('{') || Path.IsPathRooted(schema) ? schema : Path.GetFullPath(Path.Combine(baseDir, schema));
            avro = avro with { ReaderSchema = text };
        }
        return avro;
    }

    private static IReadOnlyList<FixedWidthColumn> ReadFixedWidth(YamlNodes y, YamlNode node)
    {
        if (node is YamlScalarNode) return FixedWidthLayout.Parse(y.Scalar(node, "source.fixed_width"), "fixed_width");
        if (node is not YamlSequenceNode list) throw y.Error(node, "fixed_width must be a list of {name, start, width} (start counted from 1)");
        var columns = new List<FixedWidthColumn>();
        foreach (var item in list.Children)
        {
            string? name = null;
            int start = 0, width = 0;
            foreach (var (key, value) in y.Entries(y.Mapping(item, "fixed_width column"), "fixed_width column", ColumnKeys))
            {
                switch (key)
                {
                    case "name": name = y.Scalar(value, "fixed_width.name"); break;
                    case "start": start = y.Int(value, "fixed_width.start"); break;
                    case "width": width = y.Int(value, "fixed_width.width"); break;
                }
            }
            if (name is null || start < 1 || width < 1) throw y.Error(item, "a fixed_width column needs name, start (from 1) and width (at least 1)");
            columns.Add(new FixedWidthColumn(name, start, width));
        }
        return columns;
    }

    private static IO.Decompression.DecompressionLimits ReadDecompression(YamlNodes y, YamlNode node)
    {
        var limits = new IO.Decompression.DecompressionLimits();
        foreach (var (key, value) in y.Entries(y.Mapping(node, "source.decompression"), "source.decompression", DecompressionKeys))
        {
            limits = key == "max_ratio"
                ? limits with { MaxRatio = y.Double(value, "decompression.max_ratio") }
                : limits with { MaxBytes = ByteSize.Parse(y.Scalar(value, "decompression.max_size")) };
        }
        if (limits.MaxRatio < 1) throw y.Error(node, "decompression.max_ratio must be at least 1");
        return limits;
    }
}
