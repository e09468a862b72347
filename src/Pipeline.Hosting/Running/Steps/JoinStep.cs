using Pipeline.Core.Operators.Join;
using Pipeline.Engine.Results;
using Pipeline.Hosting.Specs;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>A step's <c>join:</c>: the hash join over the step's rows (probe side) and the joined table (build
/// side, read in full first, spilling past the budget), and its match counts for <c>steps[].join</c>.</summary>
internal sealed class JoinStep
{
    private readonly JoinSpec _spec;

    private JoinStep(JoinSpec spec, HashJoinOperator op)
    {
        _spec = spec;
        Operator = op;
    }

    /// <summary>The operator.</summary>
    public HashJoinOperator Operator { get; }

    /// <summary>Builds the join of step <paramref name="step"/> with <paramref name="with"/>.</summary>
    /// <param name="step">The step's name.</param>
    /// <param name="spec">The join as written.</param>
    /// <param name="with">The joined table.</param>
    /// <param name="probeOutput">The step's columns the join outputs (<see cref="HashJoinOperator.ProbeOutput"/>); null for all.</param>
    public static JoinStep Create(string step, JoinSpec spec, StepInput with, IReadOnlySet<string>? probeOutput = null)
        => new(spec, new HashJoinOperator(context => with.Open().Open(context), spec.Keys, Kind(spec.How), with.Name) { ProbeOutput = probeOutput });

    /// <summary>The join kind <c>how:</c> names.</summary>
    public static JoinKind Kind(string how) => how switch
    {
        "left" => JoinKind.Left,
        "semi" => JoinKind.Semi,
        "anti" => JoinKind.Anti,
        _ => JoinKind.Inner,
    };

    /// <summary>The join's counts once the step ran.</summary>
    public JoinResult Result()
    {
        var s = Operator.Statistics;
        return new JoinResult(_spec.With, _spec.How, s.ProbeRows, s.BuildRows, s.MatchedProbeRows, s.UnmatchedProbeRows, s.UnmatchedBuildRows,
            Math.Round(s.MatchRate, 6), s.SpilledBytes);
    }
}
