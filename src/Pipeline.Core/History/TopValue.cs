namespace Pipeline.Core.History;

/// <summary>A frequent value of a column and how often it occurred.</summary>
/// <param name="Value">The value as text.</param>
/// <param name="Count">Occurrences (exact, or an upper-bound estimate when the profile's counts were estimates).</param>
public sealed record TopValue(string Value, long Count);
