using Pipeline.Core.Execution;
using Pipeline.Core.Streams;

namespace Pipeline.Databases.Tests;

/// <summary>Runs a source into sinks on the real runner, as a pipeline run does.</summary>
public static class Runs
{
    public static BatchOutcome Copy(ISource source, params ISink[] sinks)
    {
        using var context = new PipelineContext(new Core.Options.PipelineOptions { BatchSize = 1000, MaxDegreeOfParallelism = 2 });
        return BatchRunner.RunAsync(new BatchPlan(source, [], [], sinks), context).GetAwaiter().GetResult();
    }
}
