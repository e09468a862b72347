namespace Pipeline.Nab;

/// <summary>A labelled anomaly window of one series: inclusive start and end timestamps.</summary>
/// <param name="Start">First timestamp inside the window.</param>
/// <param name="End">Last timestamp inside the window.</param>
public readonly record struct NabWindow(DateTime Start, DateTime End);
