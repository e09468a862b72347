namespace Pipeline.Engine.Analyze.Profile;

/// <summary>The steps between consecutive values of a date/time column in row order.</summary>
/// <param name="StepSeconds">The regular step (the most common positive one).</param>
/// <param name="RegularShare">Share of steps equal to it.</param>
/// <param name="Gaps">Steps longer than 1.5 regular steps.</param>
/// <param name="MissingSteps">Regular steps missing inside those gaps.</param>
/// <param name="OutOfOrder">Steps that go back in time.</param>
/// <param name="LargestGaps">The largest gaps.</param>
public sealed record TimeSeriesProfile(double StepSeconds, double RegularShare, long Gaps, long MissingSteps, long OutOfOrder, IReadOnlyList<TimeGapProfile> LargestGaps);
