using Apache.Arrow;

namespace Pipeline.IO.Sources.Csv;

/// <summary>What <see cref="CsvFormat.Sniff"/> found in a CSV input: its dialect and the schema the reader will produce.
/// Detected layouts are in the field metadata (<c>pipeline.format</c>, <c>pipeline.semantic</c>).</summary>
/// <param name="Dialect">Delimiter, quote, header, encoding and line ending of the first file.</param>
/// <param name="Schema">The output schema (after projection and type overrides).</param>
public sealed record CsvSchemaInfo(CsvDialect Dialect, Schema Schema);
