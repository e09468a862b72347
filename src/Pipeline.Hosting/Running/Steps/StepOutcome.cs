using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>How one step ended, recorded into the run's progress in spec order once its wave is done.</summary>
internal sealed record StepOutcome(StepRecord? Record, StepResult? FailedResult, Exception? Error, SpecRunResult? Last)
{
    /// <summary>True when the step finished or was reused.</summary>
    public bool Succeeded => Record is not null;

    /// <summary>A finished (or reused) step.</summary>
    public static StepOutcome Done(StepRecord record, SpecRunResult? last) => new(record, null, null, last);

    /// <summary>A failed step.</summary>
    public static StepOutcome Failed(StepResult result, Exception error) => new(null, result, error, null);

    /// <summary>Records the outcome; false when the step failed.</summary>
    public bool CommitTo(StepsProgress progress)
    {
        if (Record is not null) progress.Add(Record, Last);
        else progress.Fail(FailedResult!, Error);
        return Succeeded;
    }
}
