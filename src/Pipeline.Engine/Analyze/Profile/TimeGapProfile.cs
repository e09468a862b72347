namespace Pipeline.Engine.Analyze.Profile;

/// <summary>A gap in a time series.</summary>
/// <param name="From">Last value before the gap.</param>
/// <param name="To">First value after it.</param>
/// <param name="Seconds">Its length.</param>
public sealed record TimeGapProfile(string From, string To, double Seconds);
