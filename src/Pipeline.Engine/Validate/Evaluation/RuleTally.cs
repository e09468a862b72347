namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>One failing row kept as an example: its 0-based input row and the checked value (null for expressions).</summary>
/// <param name="Row">0-based row index in the input.</param>
/// <param name="Value">The value that failed, as text.</param>
public sealed record RuleExample(long? Row, string? Value);

/// <summary>Thread-safe failure counts of one row rule, keeping the <see cref="MaxExamples"/> lowest failing rows as
/// examples so they do not depend on which worker saw which batch.</summary>
internal sealed class RuleTally
{
    public const int MaxExamples = 5;
    private readonly Lock _gate = new();
    private readonly SortedList<long, string?> _examples = [];
    private long _failed;

    public long Failed => Interlocked.Read(ref _failed);

    public void Add(long failed) => Interlocked.Add(ref _failed, failed);

    /// <summary>Whether a row could still be among the examples (cheap pre-check before formatting its value).</summary>
    public bool Wants(long row)
    {
        lock (_gate) return _examples.Count < MaxExamples || row < _examples.Keys[^1];
    }

    public void Offer(long row, string? value)
    {
        lock (_gate)
        {
            if (_examples.ContainsKey(row)) return;
            _examples.Add(row, value);
            if (_examples.Count > MaxExamples) _examples.RemoveAt(MaxExamples);
        }
    }

    public IReadOnlyList<RuleExample> Examples
    {
        get { lock (_gate) return _examples.Select(kv => new RuleExample(kv.Key, kv.Value)).ToList(); }
    }
}
