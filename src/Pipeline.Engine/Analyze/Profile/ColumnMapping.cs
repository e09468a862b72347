namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Two columns that map one to one.</summary>
/// <param name="A">First column.</param>
/// <param name="B">Second column.</param>
/// <param name="Distinct">Distinct value pairs (equal to each column's distinct count).</param>
public sealed record ColumnMapping(string A, string B, long Distinct);
