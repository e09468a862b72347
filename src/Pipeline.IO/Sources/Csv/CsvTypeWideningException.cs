using Pipeline.Core.Errors;
using Pipeline.IO.Formats;

namespace Pipeline.IO.Sources.Csv;

/// <summary>
/// Thrown by the CSV reader (policy <c>Widen</c>, re-readable input) when values later in the input do not fit the
/// types sniffed from the sample. Before throwing, the reader scans the rest of the input to collect every column
/// that must widen, so one restart suffices. Apply <see cref="WidenedTypes"/> with <see cref="ApplyTo"/> and run again.
/// </summary>
public sealed class CsvTypeWideningException : RestartRequiredException, ISourceCorrection
{
    /// <summary>Creates the exception.</summary>
    /// <param name="widenedTypes">Column name → new type name (as in <see cref="CsvReadOptions.ColumnTypes"/>).</param>
    /// <param name="message">Says which columns widened from what to what.</param>
    public CsvTypeWideningException(IReadOnlyDictionary<string, string> widenedTypes, string message) : base(message)
        => WidenedTypes = widenedTypes;

    /// <summary>Column name → the wider type name (<c>double</c>, <c>string</c>, <c>timestamp</c>, ...), for every column that must change.</summary>
    public IReadOnlyDictionary<string, string> WidenedTypes { get; }

    /// <summary>The same source options with the widened types added to <see cref="CsvReadOptions.ColumnTypes"/> (they win over earlier entries).</summary>
    public SourceOptions ApplyTo(SourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var merged = new Dictionary<string, string>(options.Csv.ColumnTypes);
        foreach (var (name, type) in WidenedTypes) merged[name] = type;
        return options with { Csv = options.Csv with { ColumnTypes = merged } };
    }

    /// <inheritdoc />
    SourceOptions ISourceCorrection.Apply(SourceOptions options) => ApplyTo(options);
}
