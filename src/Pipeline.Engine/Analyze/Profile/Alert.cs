namespace Pipeline.Engine.Analyze.Profile;

/// <summary>A finding with its evidence.</summary>
/// <param name="Type">Alert type (e.g. <c>missing</c>, <c>high_correlation</c>).</param>
/// <param name="Column">The column (for pair alerts <c>a,b</c>; null for table alerts).</param>
/// <param name="Value">The measured value.</param>
/// <param name="Threshold">The threshold it crossed.</param>
/// <param name="Message">A sentence saying what was found.</param>
public sealed record Alert(string Type, string? Column, double? Value, double? Threshold, string Message);
