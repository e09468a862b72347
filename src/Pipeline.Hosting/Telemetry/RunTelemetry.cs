using System.Diagnostics;
using Pipeline.Core.Metrics;
using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Telemetry;

/// <summary>Adds a finished run's numbers to the <see cref="PipelineTelemetry"/> instruments, from its results (the same
/// numbers as <c>results.json</c>, so monitoring and the run record never disagree).</summary>
public static class RunTelemetry
{
    /// <summary>Records <paramref name="results"/>; <paramref name="step"/> names the step for a step's own run.</summary>
    public static void Record(RunResults results, string? step = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var run = new TagList { { "dataset", results.Dataset ?? "" }, { "command", results.Command } };
        if (step is not null) run.Add("step", step);
        var withStatus = run;
        withStatus.Add("status", results.Status);
        PipelineTelemetry.Runs.Add(1, withStatus);
        PipelineTelemetry.Duration.Record(results.DurationSeconds, withStatus);
        if (results.Rows.Quarantined > 0) PipelineTelemetry.Quarantined.Add(results.Rows.Quarantined, run);
        if (results.SpilledBytes > 0) PipelineTelemetry.SpilledBytes.Add(results.SpilledBytes, run);
        PipelineTelemetry.MemoryLimit.Record(results.Options.MemoryLimitBytes, run);
        if (results.Error is { } error)
        {
            var tags = run;
            tags.Add("kind", error.Kind);
            PipelineTelemetry.Errors.Add(1, tags);
        }
        foreach (var rule in results.Rules.Where(r => r.FailedRows > 0))
        {
            var tags = run;
            tags.Add("rule", rule.Name);
            PipelineTelemetry.RuleFailures.Add(rule.FailedRows, tags);
        }
        foreach (var stage in results.Stages)
        {
            var tags = run;
            tags.Add("stage", stage.Name);
            tags.Add("kind", stage.Kind);
            var input = tags;
            input.Add("direction", "in");
            var output = tags;
            output.Add("direction", "out");
            PipelineTelemetry.Rows.Add(stage.RowsIn, input);
            PipelineTelemetry.Rows.Add(stage.RowsOut, output);
            if (stage.BytesIn > 0) PipelineTelemetry.Bytes.Add(stage.BytesIn, input);
            if (stage.BytesOut > 0) PipelineTelemetry.Bytes.Add(stage.BytesOut, output);
            PipelineTelemetry.Batches.Add(stage.Batches, tags);
            PipelineTelemetry.Duration.Record(stage.Seconds, tags);
        }
    }
}
