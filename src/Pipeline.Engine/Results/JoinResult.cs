namespace Pipeline.Engine.Results;

/// <summary>What a step's join matched (<c>steps[].join</c>).</summary>
/// <param name="With">The joined source or step.</param>
/// <param name="How"><c>inner</c>, <c>left</c>, <c>semi</c> or <c>anti</c>.</param>
/// <param name="ProbeRows">Rows of the step's own input.</param>
/// <param name="BuildRows">Rows of the joined table.</param>
/// <param name="MatchedRows">Input rows with at least one match.</param>
/// <param name="UnmatchedRows">Input rows without a match (null keys never match).</param>
/// <param name="UnmatchedBuildRows">Rows of the joined table no input row matched.</param>
/// <param name="MatchRate">Matched input rows / input rows (1 for an empty input).</param>
/// <param name="SpilledBytes">Bytes the join spilled past the memory budget.</param>
public sealed record JoinResult(string With, string How, long ProbeRows, long BuildRows, long MatchedRows, long UnmatchedRows, long UnmatchedBuildRows, double MatchRate, long SpilledBytes);
