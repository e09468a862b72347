using Pipeline.Core.Errors;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Json;

/// <summary>
/// Thrown when rows after the sample held keys or value types the sampled schema cannot hold. The reader scans the
/// rest of the input first, so one restart with <see cref="Columns"/> fixes every column at once.
/// </summary>
public sealed class JsonSchemaWideningException : RestartRequiredException, ISourceCorrection
{
    internal JsonSchemaWideningException(string file, IReadOnlyList<KeyValuePair<string, string>> columns, IReadOnlyList<string> changes)
        : base($"{file}: the JSON schema sniffed from the first rows was too narrow ({string.Join("; ", changes.Take(5))}{(changes.Count > 5 ? $"; and {changes.Count - 5} more" : "")}); reading again with the corrected schema")
    {
        Columns = columns;
    }

    /// <summary>The corrected columns, in schema order (name → type name).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Columns { get; }

    /// <inheritdoc />
    public SourceOptions Apply(SourceOptions options) => options with { Json = options.Json with { ColumnTypes = Columns } };
}
