namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Two columns.</summary>
/// <param name="A">First column.</param>
/// <param name="B">Second column.</param>
public sealed record ColumnPair(string A, string B);
