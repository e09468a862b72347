using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Engine.Expressions;
using Pipeline.Engine.Yaml;

namespace Pipeline.Engine.Steps;

/// <summary>
/// <c>select:</c>, <c>rename:</c> and <c>cast:</c> of a step, applied in that order: <c>select</c> keeps the named
/// input columns in the order given (all when absent), <c>rename</c> maps an input name to a new one, and
/// <c>cast</c> converts a column (named as after the rename) with the expression language's <c>cast(x as type)</c>.
/// Selecting and renaming share the input's arrays; only cast columns are computed.
/// </summary>
public sealed class ProjectTransform : IBatchTransform
{
    private readonly string _step;
    private readonly IReadOnlyList<string>? _select;
    private readonly IReadOnlyDictionary<string, string> _rename;
    private readonly IReadOnlyDictionary<string, string> _cast;
    private Bound? _bound;

    /// <summary>Creates the projection of one step.</summary>
    /// <param name="step">The step's name, for messages.</param>
    /// <param name="select">Columns to keep, in order; null keeps all.</param>
    /// <param name="rename">Old name → new name.</param>
    /// <param name="cast">Column (new name) → type, as in <c>cast(x as type)</c>.</param>
    public ProjectTransform(string step, IReadOnlyList<string>? select, IReadOnlyDictionary<string, string> rename, IReadOnlyDictionary<string, string> cast)
    {
        _step = step;
        _select = select;
        _rename = rename;
        _cast = cast;
    }

    /// <inheritdoc />
    public string Name => $"select:{_step}";

    /// <inheritdoc />
    public Schema OutputSchema(Schema input) => BindFor(input).Output;

    /// <inheritdoc />
    public RecordBatch Apply(RecordBatch batch, PipelineContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var bound = BindFor(batch.Schema);
        var columns = new IArrowArray[bound.Sources.Length];
        RecordBatch? renamed = null;
        for (int c = 0; c < columns.Length; c++) columns[c] = batch.Column(bound.Sources[c]);
        if (bound.Casts.Any(x => x is not null))
        {
            renamed = new RecordBatch(bound.Renamed, columns, batch.Length);
            for (int c = 0; c < columns.Length; c++)
            {
                if (bound.Casts[c] is not { } cast) continue;
                try { columns[c] = cast.Evaluate(renamed); }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException)
                {
                    throw new PipelineException(PipelineErrorKind.InvalidInput, $"step '{_step}': cast of '{bound.Output.FieldsList[c].Name}' failed: {ex.Message}", ex);
                }
            }
        }
        return new RecordBatch(bound.Output, columns, batch.Length);
    }

    private Bound BindFor(Schema input)
    {
        var bound = _bound;
        if (bound is not null && (ReferenceEquals(bound.Input, input) || SchemaText.SameFields(bound.Input, input))) return bound;
        bound = Bind(input);
        _bound = bound;
        return bound;
    }

    private Bound Bind(Schema input)
    {
        var names = input.FieldsList.Select(f => f.Name).ToArray();
        var chosen = _select ?? names;
        var sources = new int[chosen.Count];
        for (int i = 0; i < chosen.Count; i++)
        {
            sources[i] = input.GetFieldIndex(chosen[i]);
            if (sources[i] < 0) throw Unknown("select", chosen[i], names);
        }
        foreach (var old in _rename.Keys)
            if (!chosen.Contains(old)) throw Unknown("rename", old, chosen);
        var renamedFields = chosen.Select((name, i) => RenamedField(input.FieldsList[sources[i]], _rename.TryGetValue(name, out var to) ? to : name)).ToList();
        var duplicate = renamedFields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"step '{_step}': two columns would be named '{duplicate.Key}'");
        var renamed = Build(renamedFields);
        var casts = new ScalarExpression?[renamedFields.Count];
        var outputFields = new List<Field>(renamedFields);
        foreach (var (column, type) in _cast)
        {
            int at = renamed.GetFieldIndex(column);
            if (at < 0) throw Unknown("cast", column, renamedFields.Select(f => f.Name).ToList());
            var text = $"cast({Quote(column)} as {type})";
            try { casts[at] = ScalarExpression.Bind(text, renamed); }
            catch (ExpressionException ex)
            {
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"step '{_step}': cast '{column}' to {type}: {ex.Message}");
            }
            outputFields[at] = new Field(column, casts[at]!.Type, nullable: true);
        }
        return new Bound(input, sources, renamed, casts, Build(outputFields));
    }

    /// <summary>A column name as an expression identifier: double-quoted unless it is a plain word.</summary>
    private static string Quote(string name)
        => name.All(ch => char.IsLetterOrDigit(ch) || ch == '_') && !char.IsDigit(name[0]) ? name : $"\"{name.Replace("\"", "\"\"")}\"";

    private static Field RenamedField(Field field, string name)
        => new(name, field.DataType, field.IsNullable, field.HasMetadata ? field.Metadata : null);

    private static Schema Build(IEnumerable<Field> fields)
    {
        var builder = new Schema.Builder();
        foreach (var field in fields) builder.Field(field);
        return builder.Build();
    }

    private PipelineException Unknown(string what, string column, IReadOnlyList<string> known)
        => new(PipelineErrorKind.InvalidInput, $"step '{_step}': {what}: no column '{column}'"
            + (YamlNodes.Suggest(column, known) is { } s ? $" (did you mean '{s}'?)" : $" (columns: {string.Join(", ", known.Take(20))})"));

    private sealed record Bound(Schema Input, int[] Sources, Schema Renamed, ScalarExpression?[] Casts, Schema Output);
}
