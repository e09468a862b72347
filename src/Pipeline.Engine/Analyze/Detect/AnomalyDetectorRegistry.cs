using Pipeline.Engine.Analyze.Detect.Detectors;

namespace Pipeline.Engine.Analyze.Detect;

/// <summary>
/// Every detector by name. A new detector is one file in <c>Detectors/</c> and one line here; the command, the docs
/// table and the NAB benchmark all read this list.
/// </summary>
public static class AnomalyDetectorRegistry
{
    /// <summary>The detector used when none is named: the one that scores best on NAB (benchmarks/RESULTS.md).</summary>
    public const string DefaultName = RobustResidualDetector.Name;

    /// <summary>All detectors, the default first.</summary>
    public static IReadOnlyList<AnomalyDetectorDefinition> All { get; } =
    [
        RobustResidualDetector.Definition,
        ChangePointDetector.Definition,
        EnsembleDetector.Definition,
    ];

    /// <summary>The detector called <paramref name="name"/>, or an error listing the known names.</summary>
    public static AnomalyDetectorDefinition Find(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown detector '{name}'; known detectors: {string.Join(", ", All.Select(d => d.Name))}");
}
