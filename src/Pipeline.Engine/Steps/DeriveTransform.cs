using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Engine.Expressions;

namespace Pipeline.Engine.Steps;

/// <summary>
/// <c>derive:</c> adds one column per expression, in the order written; a later expression may use an earlier
/// derived column, and a name that already exists replaces that column in place (as DuckDB's <c>SELECT * REPLACE</c>).
/// Expressions are typed once per input schema, so a type error names the step and the column before any row flows.
/// </summary>
public sealed class DeriveTransform : IBatchTransform
{
    private readonly IReadOnlyList<(string Name, string Expression, string? Location)> _columns;
    private readonly string _step;
    private Bound? _bound;

    /// <summary>Creates the transform of one step.</summary>
    /// <param name="step">The step's name, for messages.</param>
    /// <param name="columns">Column name, expression text and where it is written (<c>FILE:LINE:COLUMN</c>, for
    /// messages; null when built in code), in order.</param>
    public DeriveTransform(string step, IReadOnlyList<(string Name, string Expression, string? Location)> columns)
    {
        _step = step;
        _columns = columns;
    }

    /// <inheritdoc />
    public string Name => $"derive:{_step}";

    /// <inheritdoc />
    public Schema OutputSchema(Schema input) => BindFor(input).Output;

    /// <inheritdoc />
    public RecordBatch Apply(RecordBatch batch, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var bound = BindFor(batch.Schema);
        var current = batch;
        try
        {
            for (int i = 0; i < bound.Expressions.Length; i++)
            {
                var values = bound.Expressions[i].Evaluate(current);
                var next = WithColumn(current, bound.Positions[i], bound.Schemas[i], values);
                // Intermediate batches share the input's arrays; only the final one is handed on.
                current = next;
            }
            return current;
        }
        catch (Exception ex) when (ex is InvalidOperationException or OverflowException or ArithmeticException)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"step '{_step}': derive failed: {ex.Message}", ex);
        }
    }

    private static RecordBatch WithColumn(RecordBatch batch, int position, Schema schema, IArrowArray values)
    {
        // position is an existing column (replaced) or one past the last (appended).
        var columns = new IArrowArray[schema.FieldsList.Count];
        for (int c = 0; c < batch.ColumnCount; c++) columns[c] = batch.Column(c);
        columns[position] = values;
        return new RecordBatch(schema, columns, batch.Length);
    }

    private Bound BindFor(Schema input)
    {
        var bound = _bound;
        if (bound is not null && ReferenceEquals(bound.Input, input)) return bound;
        if (bound is not null && SchemaText.SameFields(bound.Input, input)) return bound;
        bound = Bind(input);
        _bound = bound;
        return bound;
    }

    private Bound Bind(Schema input)
    {
        var expressions = new ScalarExpression[_columns.Count];
        var positions = new int[_columns.Count];
        var schemas = new Schema[_columns.Count];
        var schema = input;
        for (int i = 0; i < _columns.Count; i++)
        {
            var (name, text, location) = _columns[i];
            try { expressions[i] = ScalarExpression.Bind(text, schema); }
            catch (ExpressionException ex)
            {
                throw new PipelineException(PipelineErrorKind.InvalidInput,
                    $"{(location is null ? "" : location + ": ")}step '{_step}': derive '{name}': {ex.Message} (at character {ex.Position} of \"{text}\")");
            }
            int position = schema.GetFieldIndex(name);
            var field = new Field(name, expressions[i].Type, nullable: true);
            var builder = new Schema.Builder();
            for (int c = 0; c < schema.FieldsList.Count; c++) builder.Field(c == position ? field : schema.FieldsList[c]);
            if (position < 0)
            {
                builder.Field(field);
                position = schema.FieldsList.Count;
            }
            schema = builder.Build();
            positions[i] = position;
            schemas[i] = schema;
        }
        return new Bound(input, expressions, positions, schemas, schema);
    }

    private sealed record Bound(Schema Input, ScalarExpression[] Expressions, int[] Positions, Schema[] Schemas, Schema Output);
}
