namespace Pipeline.Engine.Optimize;

/// <summary>What the optimize stage chose for a run, and why (results.json <c>tuning</c>).</summary>
/// <param name="BatchSize">Rows per batch the run uses.</param>
/// <param name="Parallelism">Workers the run uses.</param>
/// <param name="Applied">Whether the batch size differs from the options' own policy because of this decision.</param>
/// <param name="Reason">Why, in a sentence with the numbers behind it.</param>
/// <param name="Recommendations">Riskier changes (memory limit, spill folder) for the user to make; never applied.</param>
public sealed record TuningDecision(int BatchSize, int Parallelism, bool Applied, string Reason, IReadOnlyList<string> Recommendations);
