namespace Pipeline.Engine.Analyze.Profile;

/// <summary>A value and how often it occurs.</summary>
/// <param name="Value">The value as text.</param>
/// <param name="Count">Occurrences.</param>
public sealed record ValueCount(string Value, long Count);
