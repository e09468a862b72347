using System.Collections.Concurrent;

namespace Pipeline.Core.Metrics;

/// <summary>All stage metrics of a run, in the order the stages were registered.</summary>
public sealed class RunMetrics
{
    private readonly ConcurrentDictionary<string, StageMetrics> _byName = new();
    private readonly List<StageMetrics> _ordered = [];
    private readonly Lock _gate = new();

    /// <summary>Returns the stage with this name, registering it on first use.</summary>
    public StageMetrics Stage(string name, string kind)
    {
        return _byName.GetOrAdd(name, n =>
        {
            var m = new StageMetrics(n, kind);
            lock (_gate) _ordered.Add(m);
            return m;
        });
    }

    /// <summary>A snapshot of the stages in registration order.</summary>
    public IReadOnlyList<StageMetrics> Stages
    {
        get { lock (_gate) return [.. _ordered]; }
    }
}
