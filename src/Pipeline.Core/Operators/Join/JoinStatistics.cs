namespace Pipeline.Core.Operators.Join;

/// <summary>
/// What one hash join did, filled when its output stream is finished (read to its end). Fields rather than
/// properties so the join can count into them without copies; read them only after the stream ended.
/// </summary>
public sealed class JoinStatistics
{
    /// <summary>Rows read from the probe side (the stream the operator was executed on).</summary>
    public long ProbeRows;

    /// <summary>Rows read from the build side.</summary>
    public long BuildRows;

    /// <summary>Probe rows with at least one matching build row.</summary>
    public long MatchedProbeRows;

    /// <summary>Probe rows without a match (null keys included).</summary>
    public long UnmatchedProbeRows;

    /// <summary>Build rows that matched no probe row (null keys included).</summary>
    public long UnmatchedBuildRows;

    /// <summary>Rows the join returned.</summary>
    public long OutputRows;

    /// <summary>Bytes this join wrote to spill partitions (0 when the build side fit in memory).</summary>
    public long SpilledBytes;

    /// <summary>Partitions split again because they did not fit (tests check the recursion happens).</summary>
    internal int Repartitions;

    /// <summary>Partitions joined block by block because they would not split (tests check the fallback happens).</summary>
    internal int BlockJoins;

    /// <summary>Share of probe rows that found a match (0 when there were no probe rows).</summary>
    public double MatchRate => ProbeRows == 0 ? 0 : (double)MatchedProbeRows / ProbeRows;
}
