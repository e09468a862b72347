using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>
/// Everything a finished step contributes to the run's <c>results.json</c>: kept in its manifest, so a resumed run
/// that reuses the step writes the same results as a run that computed it.
/// </summary>
/// <param name="Result">The step's entry of <c>steps[]</c>.</param>
/// <param name="RunStatus">The status of the step's own run (<c>ok</c>, <c>checks_failed</c>, <c>truncated_input</c>).</param>
/// <param name="SourceRowsRead">Rows the step read from the spec's sources (its input, joins and unions).</param>
/// <param name="Inputs">The spec sources it read directly, with sizes and hashes.</param>
/// <param name="Outputs">Its outputs.</param>
/// <param name="Examples">Examples of its quarantined rows.</param>
/// <param name="Warnings">Its warnings.</param>
/// <param name="Restarts">Its readers' restarts.</param>
/// <param name="SpilledBytes">Bytes it spilled.</param>
internal sealed record StepRecord(StepResult Result, string RunStatus, long SourceRowsRead, IReadOnlyList<InputResult> Inputs,
    IReadOnlyList<OutputResult> Outputs, IReadOnlyList<string> Examples, IReadOnlyList<string> Warnings, IReadOnlyList<string> Restarts, long SpilledBytes);
