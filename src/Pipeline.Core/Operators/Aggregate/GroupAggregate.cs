using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Operators.Rows;
using Pipeline.Core.Operators.Sort;

namespace Pipeline.Core.Operators.Aggregate;

/// <summary>
/// Group-by aggregation (count, sum, min, max, mean, exact distinct count) within the run's memory budget, by
/// sorting: the key columns and the aggregated columns go through an <see cref="ExternalSort"/> (which spills
/// sorted runs past the budget), after which each group's rows are adjacent and are folded in one streaming pass.
/// Each distinct count sorts its own (keys, column) projection, so its equal values are adjacent too
/// (<see cref="DistinctCursor"/>); all sorts order groups identically, so they are read in lockstep. This makes
/// every aggregate exact and every input size fit, whatever the number of groups or the skew (a key holding half
/// the rows is one run of rows, not a hot partition). Keys of any orderable type group with nulls equal to nulls
/// and NaN to NaN. Groups come out in key order (ascending, nulls last). Not thread-safe: one instance per stream.
/// </summary>
public sealed class GroupAggregate : IDisposable
{
    private readonly PipelineContext _context;
    private readonly IReadOnlyList<string> _keys;
    private readonly AggregateSpec[] _aggregates;
    private readonly Schema _mainSchema;
    private readonly int[] _mainColumns;
    private readonly int[] _valueColumn; // per aggregate: column index in the main projection, -1 for none/distinct
    private readonly ExternalSort _main;
    private readonly List<(int Aggregate, Schema Schema, int[] Columns, ExternalSort Sort)> _distinct = [];
    private readonly List<IDisposable> _cursors = [];
    private bool _finished;

    /// <summary>Creates a group-by over batches with <paramref name="schema"/>.</summary>
    /// <param name="context">Supplies the memory pool, spill manager and cancellation.</param>
    /// <param name="schema">Schema of every input batch.</param>
    /// <param name="keys">Group columns (at least one).</param>
    /// <param name="aggregates">Output aggregates, in order.</param>
    /// <param name="name">Consumer name in memory errors and spill file names.</param>
    /// <exception cref="PipelineException">A column is missing or its type does not suit its aggregate.</exception>
    public GroupAggregate(PipelineContext context, Schema schema, IReadOnlyList<string> keys, IReadOnlyList<AggregateSpec> aggregates, string name = "aggregate")
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(aggregates);
        if (keys.Count == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, "a group-by needs at least one key column");
        _context = context;
        _keys = keys;
        _aggregates = [.. aggregates];
        var mainNames = new List<string>(keys);
        _valueColumn = new int[_aggregates.Length];
        for (int a = 0; a < _aggregates.Length; a++)
        {
            var aggregate = _aggregates[a];
            _valueColumn[a] = -1;
            if (aggregate.Column is null)
            {
                if (aggregate.Function != AggregateFunction.Count)
                    throw new PipelineException(PipelineErrorKind.InvalidInput, $"aggregate {AggregateSpec.FunctionName(aggregate.Function)} needs a column");
                continue;
            }
            var field = Field(schema, aggregate.Column);
            if (aggregate.Function is AggregateFunction.Sum or AggregateFunction.Min or AggregateFunction.Max or AggregateFunction.Mean
                && !NumericValues.IsNumeric(field.DataType))
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"aggregate {aggregate.OutputName}: column '{aggregate.Column}' has type {field.DataType.Name}, not a number");
            if (aggregate.Function == AggregateFunction.CountDistinct) continue;
            if (!mainNames.Contains(aggregate.Column, StringComparer.Ordinal)) mainNames.Add(aggregate.Column);
            _valueColumn[a] = mainNames.IndexOf(aggregate.Column);
        }
        (_mainSchema, _mainColumns) = Project(schema, mainNames);
        // Projected columns are named by position (c0_..), the same in every projection.
        var groupKeys = Enumerable.Range(0, keys.Count).Select(k => new SortKey(_mainSchema.FieldsList[k].Name)).ToList();
        int sorts = 1 + _aggregates.Count(a => a.Function == AggregateFunction.CountDistinct);
        // The sorts fill at the same time, so each gets an equal share of the budget instead of racing for it.
        long? share = context.MemoryPool.Limit is { } limit ? limit / sorts : null;
        _main = new ExternalSort(context, _mainSchema, groupKeys, name, share);
        try
        {
            for (int a = 0; a < _aggregates.Length; a++)
            {
                if (_aggregates[a].Function != AggregateFunction.CountDistinct) continue;
                var (distinctSchema, columns) = Project(schema, [.. keys, _aggregates[a].Column!]);
                // Sorting by the value after the keys makes equal values of a group adjacent.
                var sort = new ExternalSort(context, distinctSchema, [.. groupKeys, new SortKey(distinctSchema.FieldsList[^1].Name)], $"{name}-{_aggregates[a].OutputName}", share);
                _distinct.Add((a, distinctSchema, columns, sort));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        OutputSchema = BuildOutputSchema();
    }

    /// <summary>Schema of the result: the key columns (dictionaries decoded), then one column per aggregate.</summary>
    public Schema OutputSchema { get; }

    private static Field Field(Schema schema, string column)
        => schema.GetFieldIndex(column) is >= 0 and var i ? schema.FieldsList[i]
            : throw new PipelineException(PipelineErrorKind.Schema, $"column '{column}' is not in the input (columns: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})");

    private static (Schema, int[]) Project(Schema schema, IReadOnlyList<string> names)
    {
        var builder = new Schema.Builder();
        var columns = new int[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            var field = Field(schema, names[i]);
            columns[i] = schema.GetFieldIndex(names[i]);
            // Renamed by position so a column used as key and as value (or twice) stays addressable.
            builder.Field(new Field($"c{i}_{field.Name}", field.DataType, field.IsNullable));
        }
        return (builder.Build(), columns);
    }

    private Schema BuildOutputSchema()
    {
        var builder = new Schema.Builder();
        for (int k = 0; k < _keys.Count; k++)
        {
            var field = _mainSchema.FieldsList[k];
            builder.Field(new Field(_keys[k], RowGather.OutputType(field.DataType), true));
        }
        foreach (var aggregate in _aggregates)
        {
            bool count = aggregate.Function is AggregateFunction.Count or AggregateFunction.CountDistinct;
            builder.Field(new Field(aggregate.OutputName, count ? Int64Type.Default : DoubleType.Default, !count));
        }
        return builder.Build();
    }

    /// <summary>Adds a batch; does not take ownership.</summary>
    public void Add(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (batch.Length == 0) return;
        _main.Add(Copy(batch, _mainSchema, _mainColumns));
        foreach (var (_, schema, columns, sort) in _distinct) sort.Add(Copy(batch, schema, columns));
    }

    /// <summary>The columns a sort needs, copied (each sort owns and disposes its batches).</summary>
    private static RecordBatch Copy(RecordBatch batch, Schema schema, int[] columns)
    {
        var view = new RecordBatch(schema, columns.Select(batch.Column), batch.Length);
        return RowGather.Take(view, Enumerable.Range(0, batch.Length).ToArray());
    }

    /// <summary>The groups, in key order, in batches; the caller owns each. Call once, after the last <see cref="Add"/>.</summary>
    public IEnumerable<RecordBatch> Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        var groupKeys = Enumerable.Range(0, _keys.Count).Select(k => new SortKey(_main.OutputSchema.FieldsList[k].Name)).ToList();
        var distinct = new DistinctCursor?[_aggregates.Length];
        foreach (var (a, _, _, sort) in _distinct)
        {
            // Key columns are named by position (c0_..), the same in every projection.
            var cursor = new DistinctCursor(sort.Finish(), sort.OutputSchema, groupKeys, sort.OutputSchema.FieldsList[^1].Name);
            _cursors.Add(cursor);
            distinct[a] = cursor;
        }
        return Fold(_main.Finish(), new SortKeyEncoder(_main.OutputSchema, groupKeys), distinct);
    }

    /// <summary>One output piece: the groups that start in one sorted batch, with their key values.</summary>
    private sealed class Piece
    {
        public RecordBatch? Keys;
        public readonly List<GroupAccumulator> Groups = [];
    }

    private IEnumerable<RecordBatch> Fold(IEnumerable<RecordBatch> sorted, SortKeyEncoder encoder, DistinctCursor?[] distinct)
    {
        Piece? pending = null;
        GroupAccumulator? open = null;
        byte[]? openKey = null;
        var values = new double[_aggregates.Length][];
        var valid = new bool[_aggregates.Length][];
        foreach (var batch in sorted)
        {
            using (batch)
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                int n = batch.Length;
                encoder.Encode(batch);
                for (int a = 0; a < _aggregates.Length; a++)
                {
                    if (_valueColumn[a] < 0) continue;
                    if (values[a] is null || values[a].Length < n) { values[a] = new double[n]; valid[a] = new bool[n]; }
                    NumericValuesOrValidity(batch.Column(_valueColumn[a]), a, values[a], valid[a]);
                }
                var piece = new Piece();
                var starts = new List<int>();
                for (int r = 0; r < n; r++)
                {
                    if (open is null || !encoder.Key(r).SequenceEqual(openKey))
                    {
                        if (open is not null) Close(open, openKey!, distinct);
                        if (pending is not null && starts.Count == 0)
                        {
                            // The first group starting here closes every group of the pending piece.
                            yield return Build(pending);
                            pending = null;
                        }
                        open = new GroupAccumulator(_aggregates.Length);
                        openKey = encoder.Key(r).ToArray();
                        piece.Groups.Add(open);
                        starts.Add(r);
                    }
                    open.Rows++;
                    for (int a = 0; a < _aggregates.Length; a++)
                    {
                        if (_valueColumn[a] >= 0 && valid[a][r]) open.Add(a, values[a][r]);
                    }
                }
                if (starts.Count > 0)
                {
                    piece.Keys = TakeKeys(batch, starts);
                    pending = piece;
                }
            }
        }
        if (open is not null) Close(open, openKey!, distinct);
        if (pending is not null) yield return Build(pending);
    }

    private void NumericValuesOrValidity(IArrowArray array, int aggregate, double[] values, bool[] valid)
    {
        if (_aggregates[aggregate].Function == AggregateFunction.Count)
        {
            for (int i = 0; i < array.Length; i++) valid[i] = !array.IsNull(i);
            return;
        }
        NumericValues.Read(array, _aggregates[aggregate].Column!, values, valid);
    }

    /// <summary>A group is complete: takes its distinct counts from the distinct cursors, checking they are on the same group.</summary>
    private void Close(GroupAccumulator group, byte[] key, DistinctCursor?[] distinct)
    {
        for (int a = 0; a < distinct.Length; a++)
        {
            if (distinct[a] is not { } cursor) continue;
            var (cursorKey, count) = cursor.NextGroup();
            if (!cursorKey.AsSpan().SequenceEqual(key))
                throw new PipelineException(PipelineErrorKind.Internal, $"distinct count for {_aggregates[a].OutputName} lost step with the groups");
            group.Distinct[a] = count;
        }
    }

    private RecordBatch TakeKeys(RecordBatch batch, List<int> rows)
    {
        var builder = new Schema.Builder();
        for (int k = 0; k < _keys.Count; k++) builder.Field(batch.Schema.FieldsList[k]);
        var view = new RecordBatch(builder.Build(), Enumerable.Range(0, _keys.Count).Select(batch.Column), batch.Length);
        return RowGather.Take(view, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
    }

    private RecordBatch Build(Piece piece)
    {
        // The key batch is not disposed: its arrays move into the output batch.
        var keys = piece.Keys!;
        var groups = piece.Groups;
        var columns = new List<IArrowArray>();
        for (int k = 0; k < _keys.Count; k++) columns.Add(keys.Column(k));
        for (int a = 0; a < _aggregates.Length; a++)
        {
            switch (_aggregates[a].Function)
            {
                case AggregateFunction.Count:
                {
                    var b = new Int64Array.Builder();
                    foreach (var g in groups) b.Append(_aggregates[a].Column is null ? g.Rows : g.Counts[a]);
                    columns.Add(b.Build());
                    break;
                }
                case AggregateFunction.CountDistinct:
                {
                    var b = new Int64Array.Builder();
                    foreach (var g in groups) b.Append(g.Distinct[a]);
                    columns.Add(b.Build());
                    break;
                }
                default:
                {
                    var b = new DoubleArray.Builder();
                    foreach (var g in groups)
                    {
                        double? value = _aggregates[a].Function switch
                        {
                            _ when g.Counts[a] == 0 => null,
                            AggregateFunction.Sum => g.Sums[a],
                            AggregateFunction.Mean => g.Sums[a] / g.Counts[a],
                            AggregateFunction.Min => g.Ordered[a] ? g.Mins[a] : double.NaN,
                            _ => g.Ordered[a] ? g.Maxes[a] : double.NaN,
                        };
                        if (value is { } v) b.Append(v); else b.AppendNull();
                    }
                    columns.Add(b.Build());
                    break;
                }
            }
        }
        return new RecordBatch(OutputSchema, columns, groups.Count);
    }

    /// <summary>Deletes every spill file and gives the memory back. Safe at any point (failure, cancellation).</summary>
    public void Dispose()
    {
        _finished = true;
        foreach (var cursor in _cursors) cursor.Dispose();
        _cursors.Clear();
        _main?.Dispose();
        foreach (var (_, _, _, sort) in _distinct) sort.Dispose();
    }
}
