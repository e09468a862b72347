namespace Pipeline.Engine.Analyze.Profile;

/// <summary>A correlation between two columns.</summary>
/// <param name="A">First column.</param>
/// <param name="B">Second column.</param>
/// <param name="Method"><c>pearson</c> (exact, all rows where both are present), <c>spearman</c> and <c>cramers_v</c> (on the deterministic row sample).</param>
/// <param name="Value">The coefficient.</param>
/// <param name="Rows">Rows it was computed on.</param>
public sealed record Correlation(string A, string B, string Method, double Value, long Rows);
