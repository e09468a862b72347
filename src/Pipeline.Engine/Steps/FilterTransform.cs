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
/// rows in = rows out + filtered + quarantined. Given the columns that later operations read, it outputs only those,
/// so the surviving rows of columns nobody reads (the filter's own inputs, a derive's) are never copied.
/// </summary>
public sealed class FilterTransform : IBatchTransform
{
    private readonly string _step;
    private readonly string _condition;
    private readonly string? _location;
    private readonly IReadOnlySet<string>? _keep;
    private Bound? _bound;
    private long _filtered;

    /// <summary>Creates the filter of one step.</summary>
    /// <param name="step">The step's name, for messages.</param>
    /// <param name="condition">The condition's text.</param>
    /// <param name="location">Where it is written (<c>FILE:LINE:COLUMN</c>), for messages; null when built in code.</param>
    /// <param name="keep">The columns to output, by name (input columns not named are left out); null for all.</param>
    public FilterTransform(string step, string condition, string? location = null, IReadOnlySet<string>? keep = null)
    {
        _location = location;
        _keep = keep;
        _step = step;
        _condition = condition;
    }

    /// <inheritdoc />
    public string Name => $"filter:{_step}";

    /// <summary>Rows removed so far.</summary>
    public long RowsFiltered => Interlocked.Read(ref _filtered);

    /// <inheritdoc />
    public Schema OutputSchema(Schema input) => BindFor(input).Output;

    /// <inheritdoc />
    public RecordBatch Apply(RecordBatch batch, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var bound = BindFor(batch.Schema);
        BooleanArray evaluated;
        try { evaluated = (BooleanArray)bound.Predicate.Evaluate(batch); }
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
            if (bound.Columns is not { } columns)
            {
                if (kept == n) return batch;
                using (batch) return ArraySelection.Select(batch, rows.AsSpan(0, kept));
            }
            var narrowed = new RecordBatch(bound.Output, columns.Select(batch.Column), n);
            if (kept == n)
            {
                // The output owns the kept arrays; the others are released here.
                for (int c = 0; c < batch.ColumnCount; c++)
                    if (System.Array.IndexOf(columns, c) < 0) batch.Column(c).Dispose();
                return narrowed;
            }
            using (batch) return ArraySelection.Select(narrowed, rows.AsSpan(0, kept));
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

    private Bound BindFor(Schema input)
    {
        var bound = _bound;
        if (bound is not null && (ReferenceEquals(bound.Input, input) || SchemaText.SameFields(bound.Input, input))) return bound;
        ScalarExpression predicate;
        try { predicate = ScalarExpression.BindPredicate(_condition, input); }
        catch (ExpressionException ex)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{(_location is null ? "" : _location + ": ")}step '{_step}': filter: {ex.Message} (at character {ex.Position} of \"{_condition}\")");
        }
        int[]? columns = null;
        var output = input;
        if (_keep is not null && input.FieldsList.Any(f => !_keep.Contains(f.Name)))
        {
            columns = [.. Enumerable.Range(0, input.FieldsList.Count).Where(c => _keep.Contains(input.FieldsList[c].Name))];
            var builder = new Schema.Builder();
            foreach (int c in columns) builder.Field(input.FieldsList[c]);
            if (input.Metadata is { } metadata) builder.Metadata(metadata);
            output = builder.Build();
        }
        bound = new Bound(input, predicate, columns, output);
        _bound = bound;
        return bound;
    }

    /// <summary>The filter bound to one input schema: its predicate, and the input columns it outputs (null: all).</summary>
    private sealed record Bound(Schema Input, ScalarExpression Predicate, int[]? Columns, Schema Output);
}
