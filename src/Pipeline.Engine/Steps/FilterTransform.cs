using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Engine.Expressions;
using Pipeline.Engine.Validate.Evaluation;

namespace Pipeline.Engine.Steps;

/// <summary>
/// <c>filter:</c> keeps the rows for which the condition is true; false and null remove the row (SQL's WHERE).
/// Removed rows are not rejects: they are counted in <see cref="RowsFiltered"/>, so a step's conservation reads
/// rows in = rows out + filtered + quarantined.
/// </summary>
public sealed class FilterTransform : IBatchTransform
{
    private readonly string _step;
    private readonly string _condition;
    private readonly string? _location;
    private (Schema Input, ScalarExpression Predicate)? _bound;
    private long _filtered;

    /// <summary>Creates the filter of one step.</summary>
    /// <param name="step">The step's name, for messages.</param>
    /// <param name="condition">The condition's text.</param>
    /// <param name="location">Where it is written (<c>FILE:LINE:COLUMN</c>), for messages; null when built in code.</param>
    public FilterTransform(string step, string condition, string? location = null)
    {
        _location = location;
        _step = step;
        _condition = condition;
    }

    /// <inheritdoc />
    public string Name => $"filter:{_step}";

    /// <summary>Rows removed so far.</summary>
    public long RowsFiltered => Interlocked.Read(ref _filtered);

    /// <inheritdoc />
    public Schema OutputSchema(Schema input)
    {
        BindFor(input);
        return input;
    }

    /// <inheritdoc />
    public RecordBatch Apply(RecordBatch batch, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var predicate = BindFor(batch.Schema);
        using var result = (BooleanArray)predicate.Evaluate(batch);
        int n = batch.Length;
        var keep = new bool[n];
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (result.GetValue(i) == true)
            {
                keep[i] = true;
                kept++;
            }
        }
        Interlocked.Add(ref _filtered, n - kept);
        if (kept == n) return batch;
        var output = RowSelection.Take(batch, keep, kept);
        batch.Dispose();
        return output;
    }

    private ScalarExpression BindFor(Schema input)
    {
        var bound = _bound;
        if (bound is { } b && (ReferenceEquals(b.Input, input) || SchemaText.SameFields(b.Input, input))) return b.Predicate;
        ScalarExpression predicate;
        try { predicate = ScalarExpression.BindPredicate(_condition, input); }
        catch (ExpressionException ex)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{(_location is null ? "" : _location + ": ")}step '{_step}': filter: {ex.Message} (at character {ex.Position} of \"{_condition}\")");
        }
        _bound = (input, predicate);
        return predicate;
    }
}
