using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Engine.Expressions;
using Pipeline.Kernels.Arrays;

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
        BooleanArray evaluated;
        try { evaluated = (BooleanArray)predicate.Evaluate(batch); }
        catch (Exception ex) when (ex is InvalidOperationException or OverflowException or ArithmeticException)
        {
            // Evaluate's runtime errors (an overflow, a failed cast) are bad input as in derive (exit 2), not a
            // failure of the stage (which the runner would report as internal, exit 3).
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{(_location is null ? "" : _location + ": ")}step '{_step}': filter failed: {ex.Message}", ex);
        }
        using var result = evaluated;
        int n = batch.Length;
        // Pooled: a fresh array this size per batch costs more in page faults than the selection itself.
        var rows = System.Buffers.ArrayPool<int>.Shared.Rent(n);
        try
        {
            // True and not null; the value bits of a null slot are not defined, so both bitmaps are read.
            int kept = SelectedRows(result, rows);
            Interlocked.Add(ref _filtered, n - kept);
            if (kept == n) return batch;
            using (batch) return ArraySelection.Select(batch, rows.AsSpan(0, kept));
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(rows);
        }
    }

    /// <summary>Writes the rows whose value is true and not null into <paramref name="rows"/>; returns how many.
    /// Whole 64-row words are tested at once: a word all set adds 64 rows in a run, an empty one none.</summary>
    private static int SelectedRows(BooleanArray result, Span<int> rows)
    {
        int n = result.Length, kept = 0, offset = result.Offset;
        var values = result.ValueBuffer.Span;
        var validity = result.NullCount > 0 ? result.NullBitmapBuffer.Span : default;
        int i = 0;
        if ((offset & 7) == 0)
        {
            values = values[(offset >> 3)..];
            if (!validity.IsEmpty) validity = validity[(offset >> 3)..];
            for (; i + 64 <= n; i += 64)
            {
                ulong word = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(values.Slice(i >> 3, 8));
                if (!validity.IsEmpty) word &= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(validity.Slice(i >> 3, 8));
                if (word == ulong.MaxValue)
                {
                    for (int k = 0; k < 64; k++) rows[kept + k] = i + k;
                    kept += 64;
                    continue;
                }
                while (word != 0)
                {
                    rows[kept++] = i + System.Numerics.BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                }
            }
            offset = 0;
        }
        for (; i < n; i++)
        {
            int bit = offset + i;
            bool set = ((values[bit >> 3] >> (bit & 7)) & 1) != 0 && (validity.IsEmpty || ((validity[bit >> 3] >> (bit & 7)) & 1) != 0);
            rows[kept] = i;
            kept += set ? 1 : 0;
        }
        return kept;
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
