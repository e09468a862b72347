using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Quarantine;
using Pipeline.Core.Streams;

namespace Pipeline.Engine.Steps;

/// <summary>
/// <c>union: [a, b]</c>: after the step's own rows, the rows of each named input, matched by column name (SQL's
/// <c>UNION ALL BY NAME</c>): the output has the step's columns, then columns only the others have, and a column an
/// input lacks is null there. A column must have one type in every input (cast first otherwise), so no value
/// changes silently.
/// </summary>
/// <param name="step">The step's name, for messages.</param>
/// <param name="others">The other inputs, by name, opened when the step's own rows are done.</param>
public sealed class UnionOperator(string step, IReadOnlyList<(string Name, Func<PipelineContext, IArrowArrayStream> Open)> others) : IOperator
{
    /// <inheritdoc />
    public string Name => "union";

    /// <inheritdoc />
    public IArrowArrayStream Execute(IArrowArrayStream input, PipelineContext context)
    {
        var streams = new List<(string Name, IArrowArrayStream Stream)> { (step, input) };
        try
        {
            foreach (var (name, open) in others) streams.Add((name, open(context)));
            return new Concatenated(Unify(streams), streams);
        }
        catch
        {
            foreach (var (_, stream) in streams) stream.Dispose();
            throw;
        }
    }

    private Schema Unify(List<(string Name, IArrowArrayStream Stream)> streams)
    {
        var fields = new List<Field>();
        var where = new Dictionary<string, (Field Field, string Input)>(StringComparer.Ordinal);
        foreach (var (name, stream) in streams)
        {
            foreach (var field in stream.Schema.FieldsList)
            {
                if (where.TryGetValue(field.Name, out var seen))
                {
                    if (!SameType(seen.Field.DataType, field.DataType))
                        throw new PipelineException(PipelineErrorKind.Schema,
                            $"step '{step}': union: column '{field.Name}' is {seen.Field.DataType.Name} in '{seen.Input}' but {field.DataType.Name} in '{name}' (cast one of them first)");
                    continue;
                }
                var unified = new Field(field.Name, field.DataType, nullable: true, field.HasMetadata ? field.Metadata : null);
                where[field.Name] = (unified, name);
                fields.Add(unified);
            }
        }
        var builder = new Schema.Builder();
        foreach (var field in fields) builder.Field(field);
        return builder.Build();
    }

    /// <summary>Whether two columns can share one output column without a conversion.</summary>
    private static bool SameType(IArrowType a, IArrowType b) => a.TypeId == b.TypeId && a switch
    {
        TimestampType ta => b is TimestampType tb && ta.Unit == tb.Unit && ta.Timezone == tb.Timezone,
        Decimal128Type da => b is Decimal128Type db && da.Scale == db.Scale && da.Precision == db.Precision,
        DictionaryType => false,
        _ => a.Name == b.Name,
    };

    private sealed class Concatenated(Schema schema, List<(string Name, IArrowArrayStream Stream)> streams) : IArrowArrayStream
    {
        private int _current;

        public Schema Schema => schema;

        public async ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            while (_current < streams.Count)
            {
                var batch = await streams[_current].Stream.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
                if (batch is null)
                {
                    streams[_current].Stream.Dispose();
                    _current++;
                    continue;
                }
                if (batch.Length == 0)
                {
                    batch.Dispose();
                    continue;
                }
                return Conform(batch);
            }
            return null;
        }

        private RecordBatch Conform(RecordBatch batch)
        {
            var columns = new IArrowArray[schema.FieldsList.Count];
            for (int c = 0; c < columns.Length; c++)
            {
                int at = batch.Schema.GetFieldIndex(schema.FieldsList[c].Name);
                var field = schema.FieldsList[c];
                if (at >= 0) columns[c] = batch.Column(at);
                else if (NullColumns.Supports(field.DataType)) columns[c] = NullColumns.Create(field.DataType, batch.Length);
                else throw new PipelineException(PipelineErrorKind.Schema, $"union: cannot fill the missing column '{field.Name}' of type {field.DataType.Name} with nulls");
            }
            return new RecordBatch(schema, columns, batch.Length);
        }

        public void Dispose()
        {
            for (int i = _current; i < streams.Count; i++) streams[i].Stream.Dispose();
            _current = streams.Count;
        }
    }
}
