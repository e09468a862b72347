using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Rows;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// A validated hash aggregation: which input columns it reads (each once, keys first), where the keys and every
/// measure's column sit in that projection, and the output schema. Every check happens here, before any row is
/// read, with errors that name the measure and the column.
/// </summary>
internal sealed class AggregatePlan
{
    private AggregatePlan(Schema input, IReadOnlyList<string> keys, IReadOnlyList<AggregateMeasure> measures)
    {
        Keys = keys;
        Measures = measures;
        var needed = new List<int>();
        int Need(string column, string what)
        {
            int index = input.GetFieldIndex(column);
            if (index < 0)
                throw new PipelineException(PipelineErrorKind.InvalidInput,
                    $"{what}: column '{column}' is not in the input (columns: {string.Join(", ", input.FieldsList.Select(f => f.Name))})");
            int at = needed.IndexOf(index);
            if (at >= 0) return at;
            needed.Add(index);
            return needed.Count - 1;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        KeyColumns = new int[keys.Count];
        for (int k = 0; k < keys.Count; k++)
        {
            KeyColumns[k] = Need(keys[k], $"group key '{keys[k]}'");
            var type = input.FieldsList[needed[KeyColumns[k]]].DataType;
            if (ColumnValues.KindOf(type) is null)
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"group key '{keys[k]}': type {type.Name} cannot be a group key");
            if (!names.Add(keys[k])) throw new PipelineException(PipelineErrorKind.InvalidInput, $"group key '{keys[k]}' is listed twice");
        }
        MeasureColumns = new int[measures.Count];
        MeasureKinds = new ValueKind[measures.Count];
        MeasureTypes = new IArrowType[measures.Count];
        OutputTypes = new IArrowType[measures.Count];
        for (int m = 0; m < measures.Count; m++)
        {
            var measure = measures[m];
            string what = $"measure '{measure.Name}' ({measure.Function})";
            if (string.IsNullOrEmpty(measure.Name)) throw new PipelineException(PipelineErrorKind.InvalidInput, $"a measure ({measure.Function}) has no name");
            if (!names.Add(measure.Name)) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: output column '{measure.Name}' already exists");
            if (measure.Function == MeasureFunction.CountRows)
            {
                MeasureColumns[m] = -1;
                OutputTypes[m] = Int64Type.Default;
                continue;
            }
            if (measure.Column is null) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what} needs a column");
            MeasureColumns[m] = Need(measure.Column, what);
            var type = RowGather.OutputType(input.FieldsList[needed[MeasureColumns[m]]].DataType);
            MeasureTypes[m] = type;
            MeasureKinds[m] = ColumnValues.KindOf(type)
                ?? throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: column '{measure.Column}' has type {type.Name}, which measures cannot read");
            OutputTypes[m] = OutputType(measure, MeasureKinds[m], type, what);
        }
        InputColumns = [.. needed];
        var projected = new Schema.Builder();
        foreach (int c in needed) projected.Field(input.FieldsList[c]);
        ProjectedSchema = projected.Build();
        var output = new Schema.Builder();
        for (int k = 0; k < keys.Count; k++)
            output.Field(new Field(keys[k], RowGather.OutputType(ProjectedSchema.FieldsList[KeyColumns[k]].DataType), true));
        for (int m = 0; m < measures.Count; m++)
        {
            bool count = measures[m].Function is MeasureFunction.CountRows or MeasureFunction.Count or MeasureFunction.CountDistinct;
            output.Field(new Field(measures[m].Name, OutputTypes[m], !count));
        }
        OutputSchema = output.Build();
        Holistic = measures.Any(m => m.Function is MeasureFunction.CountDistinct or MeasureFunction.Quantile
            or MeasureFunction.Median or MeasureFunction.Mode or MeasureFunction.StringAgg);
    }

    public IReadOnlyList<string> Keys { get; }

    public IReadOnlyList<AggregateMeasure> Measures { get; }

    /// <summary>The input columns read, each once: the keys first, then measure columns not already keys.</summary>
    public int[] InputColumns { get; }

    /// <summary>Schema of the projection (<see cref="InputColumns"/>), types as in the input.</summary>
    public Schema ProjectedSchema { get; }

    /// <summary>Projection index of each key.</summary>
    public int[] KeyColumns { get; }

    /// <summary>Projection index of each measure's column; -1 for count(*).</summary>
    public int[] MeasureColumns { get; }

    public ValueKind[] MeasureKinds { get; }

    /// <summary>Each measure column's type, dictionaries decoded (null for count(*)).</summary>
    public IArrowType?[] MeasureTypes { get; }

    public IArrowType[] OutputTypes { get; }

    public Schema OutputSchema { get; }

    /// <summary>Whether some measure keeps state that grows with the rows of a group (values, not a fixed summary).</summary>
    public bool Holistic { get; }

    public static AggregatePlan Create(Schema input, IReadOnlyList<string> keys, IReadOnlyList<AggregateMeasure> measures)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(measures);
        return new AggregatePlan(input, keys, measures);
    }

    private static IArrowType OutputType(AggregateMeasure measure, ValueKind kind, IArrowType type, string what)
    {
        bool numeric = kind is ValueKind.Signed or ValueKind.Unsigned or ValueKind.Float or ValueKind.Decimal;
        bool number = numeric && type is not (Date32Type or Date64Type or Time32Type or Time64Type or TimestampType or DurationType);
        PipelineException NotNumber() => new(PipelineErrorKind.InvalidInput, $"{what}: column '{measure.Column}' has type {type.Name}, not a number");
        switch (measure.Function)
        {
            case MeasureFunction.Count or MeasureFunction.CountDistinct:
                return Int64Type.Default;
            case MeasureFunction.Sum:
                if (!number) throw NotNumber();
                return kind switch
                {
                    ValueKind.Float => DoubleType.Default,
                    ValueKind.Decimal => new Decimal128Type(38, ((Decimal128Type)type).Scale),
                    _ => Int64Type.Default,
                };
            case MeasureFunction.Avg or MeasureFunction.StdDev or MeasureFunction.Variance or MeasureFunction.Median:
                if (!number) throw NotNumber();
                return DoubleType.Default;
            case MeasureFunction.Quantile:
                if (!(measure.Quantile is >= 0 and <= 1))
                    throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: quantile {measure.Quantile} is not between 0 and 1");
                return type;
            case MeasureFunction.StringAgg:
                if (type is not (StringType or LargeStringType))
                    throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: column '{measure.Column}' has type {type.Name}, not a string");
                return StringType.Default;
            default:
                return type;
        }
    }

    /// <summary>A fresh, empty state for measure <paramref name="m"/>.</summary>
    public MeasureState CreateState(int m)
    {
        var measure = Measures[m];
        var kind = MeasureKinds[m];
        int scale = MeasureTypes[m] is Decimal128Type d ? d.Scale : 0;
        return measure.Function switch
        {
            MeasureFunction.CountRows => new CountMeasure(rows: true),
            MeasureFunction.Count => new CountMeasure(rows: false),
            MeasureFunction.CountDistinct => new DistinctMeasure(kind),
            MeasureFunction.Sum => new SumMeasure(kind, OutputTypes[m], measure.Name),
            MeasureFunction.Avg => new AvgMeasure(kind, scale),
            MeasureFunction.StdDev => new MomentsMeasure(standardDeviation: true),
            MeasureFunction.Variance => new MomentsMeasure(standardDeviation: false),
            MeasureFunction.Quantile => new QuantileMeasure(kind, OutputTypes[m], measure.Quantile, continuous: false, scale),
            MeasureFunction.Median => new QuantileMeasure(kind, OutputTypes[m], 0.5, continuous: true, scale),
            MeasureFunction.Mode => new ModeMeasure(kind, OutputTypes[m]),
            MeasureFunction.StringAgg => new StringAggMeasure(measure.Separator),
            MeasureFunction.Min or MeasureFunction.Max or MeasureFunction.First or MeasureFunction.Last or MeasureFunction.AnyValue
                => new PickMeasure(measure.Function, kind, OutputTypes[m]),
            _ => throw new PipelineException(PipelineErrorKind.InvalidInput, $"measure '{measure.Name}': unknown function {measure.Function}"),
        };
    }
}
