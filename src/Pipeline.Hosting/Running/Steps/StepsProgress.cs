using Pipeline.Engine.Results;

namespace Pipeline.Hosting.Running.Steps;

/// <summary>What the steps of a run have produced so far, for the run's results.</summary>
internal sealed class StepsProgress
{
    /// <summary>Each finished (or reused) step, in the order they ran.</summary>
    public List<StepRecord> Records { get; } = [];

    /// <summary>Each step's result, in the order they ran, failed and skipped ones included.</summary>
    public List<StepResult> Steps { get; } = [];

    /// <summary>The last step's run (null when it was reused).</summary>
    public SpecRunResult? Last { get; private set; }

    /// <summary>The first failure.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Records a finished or reused step.</summary>
    public void Add(StepRecord record, SpecRunResult? last)
    {
        Records.Add(record);
        Steps.Add(record.Result);
        Last = last;
    }

    /// <summary>Records a failed or skipped step.</summary>
    public void Fail(StepResult step, Exception? error)
    {
        Steps.Add(step);
        Failure ??= error;
    }
}
