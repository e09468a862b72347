namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Missing values shared by two columns.</summary>
/// <param name="A">First column.</param>
/// <param name="B">Second column.</param>
/// <param name="BothMissing">Rows where both are null.</param>
/// <param name="AMissing">Rows where <paramref name="A"/> is null.</param>
/// <param name="BMissing">Rows where <paramref name="B"/> is null.</param>
/// <param name="NullityCorrelation">Correlation of the two null indicators (1: always missing together); null when undefined.</param>
public sealed record MissingPair(string A, string B, long BothMissing, long AMissing, long BMissing, double? NullityCorrelation);
