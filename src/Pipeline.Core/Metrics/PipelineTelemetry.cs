using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Core.Metrics;

/// <summary>
/// The <c>Pipeline</c> meter and activity source: what a run reports to the monitoring systems operators already
/// watch (exported over OTLP by the host when configured, scraped from <c>/metrics</c> by the server). Instruments are
/// created once per process; a run adds to them when it finishes, tagged with its dataset, step and stage.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The meter's and activity source's name.</summary>
    public const string Name = "Pipeline";

    /// <summary>The meter.</summary>
    public static Meter Meter { get; } = new(Name, typeof(PipelineTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The activity source: a span per run and per step.</summary>
    public static ActivitySource Activities { get; } = new(Name, typeof(PipelineTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Runs finished, by status.</summary>
    public static Counter<long> Runs { get; } = Meter.CreateCounter<long>("pipeline.runs.finished", "{run}", "Runs finished, by status");

    /// <summary>Rows per stage and step: <c>direction</c> is <c>in</c> or <c>out</c>.</summary>
    public static Counter<long> Rows { get; } = Meter.CreateCounter<long>("pipeline.rows", "{row}", "Rows through each stage");

    /// <summary>Bytes per stage (read by sources, written by sinks).</summary>
    public static Counter<long> Bytes { get; } = Meter.CreateCounter<long>("pipeline.bytes", "By", "Bytes through each stage");

    /// <summary>Batches per stage.</summary>
    public static Counter<long> Batches { get; } = Meter.CreateCounter<long>("pipeline.batches", "{batch}", "Batches through each stage");

    /// <summary>Seconds per run, step and stage.</summary>
    public static Histogram<double> Duration { get; } = Meter.CreateHistogram<double>("pipeline.duration", "s", "Seconds per run, step and stage");

    /// <summary>Rows quarantined.</summary>
    public static Counter<long> Quarantined { get; } = Meter.CreateCounter<long>("pipeline.quarantined", "{row}", "Rows quarantined");

    /// <summary>Rows failing each rule.</summary>
    public static Counter<long> RuleFailures { get; } = Meter.CreateCounter<long>("pipeline.rule.failures", "{row}", "Rows failing each rule");

    /// <summary>Bytes spilled to disk.</summary>
    public static Counter<long> SpilledBytes { get; } = Meter.CreateCounter<long>("pipeline.spill", "By", "Bytes spilled to disk");

    /// <summary>The memory budget a run held.</summary>
    public static Histogram<long> MemoryLimit { get; } = Meter.CreateHistogram<long>("pipeline.memory.limit", "By", "Memory budget of each run");

    /// <summary>Runs that failed, by error kind.</summary>
    public static Counter<long> Errors { get; } = Meter.CreateCounter<long>("pipeline.errors", "{error}", "Runs that failed, by error kind");
}
