using Pipeline.Core.Metrics;

namespace Pipeline.Hosting.Running;

/// <summary>
/// Watches the stages of a run while its rows flow (<c>pipeline serve</c> turns them into stage events). The stages
/// of one flow (the read, operators, transforms, analyzers, sinks) run at the same time over batches, so the
/// observer gets their live counters when the flow starts and is told when every row has gone through. Called on the
/// run's threads: implementations keep it cheap and never throw.
/// </summary>
public interface IStageObserver
{
    /// <summary>A flow starts: <paramref name="stages"/> are its live counters; a stage appears in them when the flow
    /// registers it and its counts grow batch by batch. A reader that asks to start over begins another flow.</summary>
    /// <param name="step">The step of a spec with <c>steps:</c>, else null.</param>
    /// <param name="stages">The flow's counters.</param>
    void Flowing(string? step, RunMetrics stages);

    /// <summary>Every row has gone through the flow's stages: their counters are final. Not called when the flow
    /// failed or was cancelled (the run's end says so).</summary>
    /// <param name="step">The step of a spec with <c>steps:</c>, else null.</param>
    /// <param name="stages">The same counters as passed to <see cref="Flowing"/>.</param>
    void Flowed(string? step, RunMetrics stages);
}
