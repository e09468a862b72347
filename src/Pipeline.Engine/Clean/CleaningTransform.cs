using Apache.Arrow;
using Pipeline.Core.Execution;
using Pipeline.Core.Streams;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Clean;

/// <summary>
/// The streaming pass of cleaning: rewrites the cleaned columns of each batch and appends the flag and indicator
/// columns right after their column. Keeps every row (outlier quarantine is a generated validation rule), so the row
/// positions validation reports are still the input's. Thread-safe: per-batch work, counts under a lock.
/// </summary>
internal sealed class CleaningTransform(IReadOnlyList<ColumnCleaning> columns, IReadOnlyDictionary<string, ColumnStatistics> statistics) : IPositionedBatchTransform
{
    /// <summary>Stage name in metrics.</summary>
    public const string StageName = "clean";

    private readonly Lock _gate = new();
    private (Schema Input, Schema Output, ColumnCleaner?[] ByIndex)? _bound;

    public string Name => StageName;

    /// <summary>Per cleaned column: changes per step, and snapshots before and after.</summary>
    public Dictionary<string, (long[] Changes, ColumnSnapshot Before, ColumnSnapshot After)> Totals { get; } = new(StringComparer.Ordinal);

    /// <summary>The cleaner per column (after the first batch or <see cref="OutputSchema"/>).</summary>
    public IReadOnlyList<ColumnCleaner> Cleaners => _bound?.ByIndex.OfType<ColumnCleaner>().ToList() ?? [];

    public Schema OutputSchema(Schema input) => Bind(input).Output;

    private (Schema Input, Schema Output, ColumnCleaner?[] ByIndex) Bind(Schema input)
    {
        lock (_gate)
        {
            if (_bound is { } b && (ReferenceEquals(b.Input, input) || SameNames(b.Input, input))) return b;
            var byIndex = new ColumnCleaner?[input.FieldsList.Count];
            foreach (var c in columns)
            {
                int index = input.GetFieldIndex(c.Column);
                if (index < 0) throw CleaningStatistics.Unknown(c, input);
                byIndex[index] = new ColumnCleaner(c, statistics[c.Column], input.GetFieldByIndex(index).DataType);
                Totals.TryAdd(c.Column, (new long[ColumnCleaner.StepNames.Length], new ColumnSnapshot(), new ColumnSnapshot()));
            }
            var builder = new Schema.Builder();
            for (int i = 0; i < byIndex.Length; i++)
            {
                var field = input.GetFieldByIndex(i);
                if (byIndex[i] is not { } cleaner) { builder.Field(field); continue; }
                builder.Field(new Field(field.Name, cleaner.OutputType, true, field.HasMetadata ? field.Metadata : null));
                if (cleaner.FlagColumn is { } flag) builder.Field(new Field(flag, Apache.Arrow.Types.BooleanType.Default, false));
                if (cleaner.IndicatorColumn is { } indicator) builder.Field(new Field(indicator, Apache.Arrow.Types.BooleanType.Default, false));
            }
            _bound = (input, builder.Build(), byIndex);
            return _bound.Value;
        }
    }

    private static bool SameNames(Schema a, Schema b)
        => a.FieldsList.Count == b.FieldsList.Count && a.FieldsList.Zip(b.FieldsList).All(p => p.First.Name == p.Second.Name && p.First.DataType.TypeId == p.Second.DataType.TypeId);

    public RecordBatch Apply(RecordBatch batch, PipelineContext context) => Apply(batch, 0, context);

    public RecordBatch Apply(RecordBatch batch, long firstRow, PipelineContext context)
    {
        var (_, output, byIndex) = Bind(batch.Schema);
        var arrays = new List<IArrowArray>(output.FieldsList.Count);
        var work = new List<(string Column, long[] Changes, Vec Before, Vec After)>();
        for (int i = 0; i < byIndex.Length; i++)
        {
            var array = batch.Column(i);
            if (byIndex[i] is not { } cleaner) { arrays.Add(array); continue; }
            var changes = new long[ColumnCleaner.StepNames.Length];
            var before = ColumnLoader.Load(array);
            var (after, flags, imputed) = batch.Length == 0 ? (before, null, null) : cleaner.Apply(before, firstRow, changes);
            // A replaced array is not disposed here: readers may share one buffer between columns, so freeing it
            // could free memory the kept columns still use; it goes with the garbage collector instead.
            arrays.Add(cleaner.RewritesValues ? VecArrays.Build(after, cleaner.OutputType) : array);
            if (cleaner.FlagColumn is not null) arrays.Add(VecArrays.Flags(flags ?? new bool[batch.Length]));
            if (cleaner.IndicatorColumn is not null) arrays.Add(VecArrays.Flags(imputed ?? new bool[batch.Length]));
            work.Add((cleaner.Spec.Column, changes, before, after));
        }
        lock (_gate)
        {
            foreach (var (column, changes, before, after) in work)
            {
                var t = Totals[column];
                for (int s = 0; s < changes.Length; s++) t.Changes[s] += changes[s];
                t.Before.Add(before);
                t.After.Add(after);
            }
        }
        return new RecordBatch(output, arrays, batch.Length);
    }
}
