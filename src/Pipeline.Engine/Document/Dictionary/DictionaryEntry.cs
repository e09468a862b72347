namespace Pipeline.Engine.Document.Dictionary;

/// <summary>One column of the data dictionary.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Type">Arrow type.</param>
/// <param name="SemanticType">What the values look like (from the profile).</param>
/// <param name="Description">The spec's description (<c>columns: {name: {description: ...}}</c>), or null when none was given.</param>
/// <param name="Examples">Up to three frequent values.</param>
/// <param name="NullPct">Nulls as a percentage of rows.</param>
/// <param name="Distinct">Distinct non-null values.</param>
/// <param name="Rules">Names of the rules that check the column.</param>
/// <param name="Pii">The kind of personal data the values look like (<c>email</c>, <c>phone</c>), or null.</param>
public sealed record DictionaryEntry(string Column, string Type, string SemanticType, string? Description, IReadOnlyList<string> Examples,
    double? NullPct, long Distinct, IReadOnlyList<string> Rules, string? Pii);
