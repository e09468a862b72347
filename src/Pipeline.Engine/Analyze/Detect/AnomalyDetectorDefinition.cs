namespace Pipeline.Engine.Analyze.Detect;

/// <summary>A detector users can name (<c>pipeline detect --detector NAME</c>): its name, what it does and how to start one.</summary>
/// <param name="Name">The name users type.</param>
/// <param name="Description">One line for help and docs.</param>
/// <param name="Create">Starts a fresh detector for one series.</param>
public sealed record AnomalyDetectorDefinition(string Name, string Description, Func<IAnomalyDetector> Create);
