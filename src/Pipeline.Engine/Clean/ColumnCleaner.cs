using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Validate.Parsing;

namespace Pipeline.Engine.Clean;

/// <summary>
/// Applies one column's cleaning to a batch's values: text steps, parsing, outliers, imputation (in that order),
/// counting every change. Thread-safe: per-batch state only; the caller adds the counts up.
/// </summary>
internal sealed class ColumnCleaner
{
    /// <summary>Counter names after the text steps, as reported in <c>cleaning[].steps</c>.</summary>
    public static readonly string[] StepNames = [.. TextSteps.Names, "parse", "unparseable", "outliers", "impute"];
    private const int Parsed = 7, Unparseable = 8, Outliers = 9, Imputed = 10;

    private readonly TextSteps? _text;
    private readonly string? _dotNetDate;

    public ColumnCleaning Spec { get; }
    public ColumnStatistics Statistics { get; }
    public ValueKind InputKind { get; }
    public IArrowType InputType { get; }

    public ColumnCleaner(ColumnCleaning spec, ColumnStatistics statistics, IArrowType inputType)
    {
        Spec = spec;
        Statistics = statistics;
        InputType = inputType;
        InputKind = ColumnLoader.KindOf(inputType) ?? throw Bad($"has type {Results.TypeNames.Describe(inputType)}, which cleaning cannot read");
        if (spec.HasTextSteps && InputKind != ValueKind.String) throw Bad("is not text, so text steps (null_tokens, trim, case, ...) do not apply");
        if (spec.Parse is not null && InputKind != ValueKind.String) throw Bad("is not text, so it cannot be parsed");
        if (spec.Outliers is not null && ValueKindAfterParse != ValueKind.Number) throw Bad("is not a number (parse it first), so outliers do not apply");
        if (spec.Impute is { Strategy: ImputeStrategy.Mean or ImputeStrategy.Median } && ValueKindAfterParse != ValueKind.Number)
            throw Bad($"is not a number, so it cannot be imputed with the {spec.Impute.Strategy.ToString().ToLowerInvariant()}");
        if (spec.HasTextSteps) _text = new TextSteps(spec, statistics.MergeMap);
        if (spec.Parse is { Target: not ParseTarget.Number }) _dotNetDate = StrftimeFormat.ToDotNet(statistics.ParseFormat!);
    }

    private Core.Errors.PipelineException Bad(string what) => new(Core.Errors.PipelineErrorKind.InvalidInput,
        $"{(Spec.Location is null ? "" : Spec.Location + ": ")}clean '{Spec.Column}': the column {what}");

    /// <summary>The kind after parsing.</summary>
    public ValueKind ValueKindAfterParse => Spec.Parse switch
    {
        { Target: ParseTarget.Number } => ValueKind.Number,
        { } => ValueKind.Time,
        _ => InputKind,
    };

    /// <summary>Whether the column's values are rebuilt (false when only flags or quarantine rules are added).</summary>
    public bool RewritesValues => Spec.HasTextSteps || Spec.Parse is not null || Spec.Impute is not null
        || Spec.Outliers is { Action: OutlierAction.Clip or OutlierAction.Null };

    /// <summary>The column's output type.</summary>
    public IArrowType OutputType => !RewritesValues ? InputType : ValueKindAfterParse switch
    {
        ValueKind.Number => DoubleType.Default,
        ValueKind.String => StringType.Default,
        ValueKind.Bool => BooleanType.Default,
        _ => Spec.Parse is { Target: ParseTarget.Date } || InputType is Date32Type or Date64Type ? Date32Type.Default
            : new TimestampType(TimeUnit.Microsecond, (InputType as TimestampType)?.Timezone ?? "UTC"),
    };

    /// <summary>Name of the added outlier flag column, or null.</summary>
    public string? FlagColumn => Spec.Outliers is { Action: OutlierAction.Flag } ? Spec.Column + "_outlier" : null;

    /// <summary>Name of the added imputation indicator column, or null.</summary>
    public string? IndicatorColumn => Spec.Impute is { Indicator: true } ? Spec.Column + "_imputed" : null;

    /// <summary>The values up to and including parsing (what statistics are computed on).</summary>
    public Vec Prepare(Vec input, long[]? changes)
    {
        var v = input;
        if (_text is not null)
        {
            var strings = new string?[v.Length];
            var nulls = new bool[v.Length];
            for (int i = 0; i < v.Length; i++)
            {
                strings[i] = v.IsNull(i) ? null : _text.Apply(v.Strings![i]!, changes);
                nulls[i] = strings[i] is null;
            }
            v = new Vec { Kind = ValueKind.String, Length = v.Length, Strings = strings, Nulls = nulls };
        }
        if (Spec.Parse is { } parse) v = ParseAll(v, parse, changes);
        return v;
    }

    private Vec ParseAll(Vec v, ParseStep parse, long[]? changes)
    {
        int n = v.Length;
        var nulls = new bool[n];
        double[]? numbers = parse.Target == ParseTarget.Number ? new double[n] : null;
        long[]? times = numbers is null ? new long[n] : null;
        for (int i = 0; i < n; i++)
        {
            if (v.IsNull(i)) { nulls[i] = true; continue; }
            var s = v.Strings![i]!;
            bool ok;
            if (numbers is not null) { var d = ValueParsing.Number(s, Statistics.ParseFormat!); ok = d is not null; numbers[i] = d ?? 0; }
            else { var t = ValueParsing.Time(s, _dotNetDate!); ok = t is not null; times![i] = t ?? 0; }
            nulls[i] = !ok;
            if (changes is not null) changes[ok ? Parsed : Unparseable]++;
        }
        return new Vec { Kind = numbers is null ? ValueKind.Time : ValueKind.Number, Length = n, Numbers = numbers, Times = times, Nulls = nulls };
    }

    /// <summary>Cleans a batch's values. <paramref name="firstRow"/> is the batch's first input row (for fills).</summary>
    public (Vec Values, bool[]? Flags, bool[]? Imputed) Apply(Vec input, long firstRow, long[] changes)
    {
        var v = Prepare(input, changes);
        bool[]? flags = null;
        if (Spec.Outliers is { } o && Statistics.Fences is var (lo, hi))
        {
            var numbers = (double[])v.Numbers!.Clone();
            var nulls = v.Nulls is null ? new bool[v.Length] : (bool[])v.Nulls.Clone();
            if (o.Action == OutlierAction.Flag) flags = new bool[v.Length];
            for (int i = 0; i < v.Length; i++)
            {
                if (nulls[i]) continue;
                double d = numbers[i];
                if (!(d < lo || d > hi)) continue;
                changes[Outliers]++;
                switch (o.Action)
                {
                    case OutlierAction.Flag: flags![i] = true; break;
                    case OutlierAction.Clip: numbers[i] = d < lo ? lo : hi; break;
                    case OutlierAction.Null: nulls[i] = true; break;
                }
            }
            v = new Vec { Kind = ValueKind.Number, Length = v.Length, Numbers = numbers, Nulls = nulls };
        }
        bool[]? imputed = null;
        if (Spec.Impute is { } impute && v.Nulls is { } vn && vn.Any(x => x))
        {
            (v, imputed) = Imputation.Fill(v, impute, Statistics, firstRow);
            foreach (var b in imputed) if (b) changes[Imputed]++;
        }
        if (Spec.Impute is { Indicator: true }) imputed ??= new bool[v.Length];
        return (v, flags, imputed);
    }
}
