using Pipeline.Core.Metrics;
using Pipeline.Hosting.Running;

namespace Pipeline.Server.Runs;

/// <summary>A served run's flows as <see cref="SpecRunner"/> reports them: each flow's live stage counters and whether
/// all its rows went through. The event stream and <c>GET /runs/{id}</c> read it; the run's threads write it.</summary>
internal sealed class StageTracker : IStageObserver
{
    private readonly Lock _gate = new();
    private readonly List<Flow> _flows = [];

    /// <inheritdoc />
    public void Flowing(string? step, RunMetrics stages)
    {
        lock (_gate) _flows.Add(new Flow(step, stages));
    }

    /// <inheritdoc />
    public void Flowed(string? step, RunMetrics stages)
    {
        lock (_gate)
            foreach (var flow in _flows)
                if (ReferenceEquals(flow.Stages, stages)) flow.Done = true;
    }

    /// <summary>The flows so far, in the order they started.</summary>
    public IReadOnlyList<Flow> Flows
    {
        get { lock (_gate) return [.. _flows]; }
    }

    /// <summary>Rows read so far by the flow going on now (the last one), or null before any flow started.</summary>
    public long? RowsRead
    {
        get
        {
            Flow? last;
            lock (_gate) last = _flows.Count > 0 ? _flows[^1] : null;
            return last?.Stages.Stages.FirstOrDefault(s => s.Name == Core.Execution.BatchRunner.ReadStage) is { } read ? StageView.RowsInOf(read) : null;
        }
    }

    /// <summary>One flow of rows through a run's stages.</summary>
    internal sealed class Flow(string? step, RunMetrics stages)
    {
        /// <summary>The step, or null for a spec without steps.</summary>
        public string? Step { get; } = step;

        /// <summary>The live counters.</summary>
        public RunMetrics Stages { get; } = stages;

        /// <summary>True once every row went through.</summary>
        public bool Done { get => Volatile.Read(ref _done); set => Volatile.Write(ref _done, value); }

        private bool _done;
    }
}

/// <summary>One stage in a <c>stage_started</c> or <c>stage_finished</c> event.</summary>
/// <param name="Name">The stage as in <c>results.json</c> <c>stages[]</c> (<c>read</c>, <c>validate</c>, <c>profile</c>, <c>write:PATH</c>, ...).</param>
/// <param name="Kind"><c>source</c>, <c>operator</c>, <c>transform</c>, <c>analyzer</c> or <c>sink</c>.</param>
/// <param name="Step">The step of a spec with <c>steps:</c>, else null.</param>
/// <param name="RowsIn">Rows into the stage so far (for the read stage: rows read).</param>
/// <param name="RowsOut">Rows the stage passed on so far.</param>
/// <param name="Batches">Batches the stage processed so far.</param>
/// <param name="Seconds">Time spent in the stage, summed over workers.</param>
internal sealed record StageView(string Name, string Kind, string? Step, long RowsIn, long RowsOut, long Batches, double Seconds)
{
    /// <summary>The view of <paramref name="stage"/> now.</summary>
    public static StageView Of(StageMetrics stage, string? step)
        => new(stage.Name, stage.Kind, step, RowsInOf(stage), stage.RowsOut, stage.Batches, Math.Round(stage.Elapsed.TotalSeconds, 6));

    /// <summary>Rows into a stage; the reader counts what it produced, which results.json reports as the read stage's rows in.</summary>
    public static long RowsInOf(StageMetrics stage) => stage.Kind == "source" ? stage.RowsOut : stage.RowsIn;
}
