namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Boolean counts.</summary>
/// <param name="TrueCount">true values.</param>
/// <param name="FalseCount">false values.</param>
/// <param name="Imbalance">Share of the majority value (0.5 = balanced, 1 = one value only).</param>
public sealed record BooleanProfile(long TrueCount, long FalseCount, double? Imbalance);
