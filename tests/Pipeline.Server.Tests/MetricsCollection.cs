namespace Pipeline.Server.Tests;

/// <summary>Tests that assert exact metric counts run alone: OpenTelemetry's listener picks instruments up by meter
/// name, so a second server live in the same test process would add its runs to the counts. (A deployment runs one
/// server per process.)</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "exact metrics";
}
