using Pipeline.Engine.Yaml;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Pipeline.Core.Errors;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Streams;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Kernels.Sketches;

namespace Pipeline.Engine.Clean;

/// <summary>
/// The statistics pass: reads the input once, in order, before the streaming pass, and computes per column what the
/// cleaning needs (see <see cref="ColumnStatistics"/>). Statistics are taken on the values after the text steps and
/// parsing (near-duplicate merging is applied to the counts at the end). Quantiles (IQR fences, median, MAD) come
/// from a KLL sketch (rank error about 1.3%); value counts for modes and merging keep the first
/// <see cref="MaxDistinctCounted"/> distinct values per column; the fill tables are reserved from the memory pool.
/// </summary>
internal static class CleaningStatistics
{
    /// <summary>Distinct values counted per column for modes and near-duplicate merging.</summary>
    public const int MaxDistinctCounted = 100_000;
    private const int DetectionSample = 2000;
    private const int FillEntryBytes = 64;

    /// <summary>Computes the statistics of every column in <paramref name="columns"/> (those that need none get the
    /// given formats only) from <paramref name="stream"/>, which it consumes.</summary>
    public static async Task<Dictionary<string, ColumnStatistics>> ComputeAsync(IReadOnlyList<ColumnCleaning> columns, IArrowArrayStream? stream,
        PipelineContext context)
    {
        var result = new Dictionary<string, ColumnStatistics>(StringComparer.Ordinal);
        foreach (var c in columns.Where(c => !c.NeedsStatistics))
            result[c.Column] = new ColumnStatistics { ParseFormat = c.Parse?.Format, ImputeValue = ConstantValue(c, null) };
        var needed = columns.Where(c => c.NeedsStatistics).ToList();
        if (needed.Count == 0) return result;
        using var reservation = context.MemoryPool.Register(new MemoryConsumer("clean:statistics", CanSpill: false));
        var accumulators = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        long row = 0;
        while (await stream!.ReadNextRecordBatchAsync(context.CancellationToken).ConfigureAwait(false) is { } batch)
        {
            using (batch)
            {
                foreach (var c in needed)
                {
                    int index = batch.Schema.GetFieldIndex(c.Column);
                    if (index < 0) throw Unknown(c, batch.Schema);
                    if (!accumulators.TryGetValue(c.Column, out var acc))
                        accumulators[c.Column] = acc = new Accumulator(c, batch.Schema.GetFieldByIndex(index).DataType, batch.Column(index));
                    long before = acc.FillEntries;
                    acc.Add(batch.Column(index), row);
                    if (acc.FillEntries > before && !reservation.TryGrow((acc.FillEntries - before) * FillEntryBytes))
                        throw new PipelineException(PipelineErrorKind.ResourcesExhausted,
                            $"clean '{c.Column}': the forward/backward fill table ({acc.FillEntries:N0} null runs) does not fit the memory budget; raise memory_limit or impute with a single value");
                }
                row += batch.Length;
            }
        }
        foreach (var c in needed)
            result[c.Column] = accumulators.TryGetValue(c.Column, out var acc) ? acc.Finish() : new ColumnStatistics { ParseFormat = c.Parse?.Format ?? "plain" };
        return result;
    }

    internal static PipelineException Unknown(ColumnCleaning c, Schema schema)
    {
        var hint = YamlNodes.Suggest(c.Column, schema.FieldsList.Select(f => f.Name));
        return new PipelineException(PipelineErrorKind.InvalidInput,
            $"{(c.Location is null ? "" : c.Location + ": ")}clean: unknown column '{c.Column}'" + (hint is null ? "" : $" (did you mean '{hint}'?)"));
    }

    /// <summary>The constant of <c>impute: constant</c> converted to the column's kind.</summary>
    internal static object? ConstantValue(ColumnCleaning c, ValueKind? kind)
    {
        if (c.Impute is not { Strategy: ImputeStrategy.Constant, Value: { } text }) return null;
        return kind switch
        {
            ValueKind.Number => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d
                : throw new PipelineException(PipelineErrorKind.InvalidInput, $"{c.Location}: clean '{c.Column}': impute value '{text}' is not a number"),
            ValueKind.Bool => bool.TryParse(text, out var b) ? b : throw new PipelineException(PipelineErrorKind.InvalidInput, $"{c.Location}: clean '{c.Column}': impute value '{text}' is not true/false"),
            ValueKind.Time => DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
                ? (t.UtcTicks - DateTime.UnixEpoch.Ticks) / 10 : throw new PipelineException(PipelineErrorKind.InvalidInput, $"{c.Location}: clean '{c.Column}': impute value '{text}' is not a date"),
            _ => text,
        };
    }

    /// <summary>One column's running statistics.</summary>
    private sealed class Accumulator
    {
        private readonly ColumnCleaning _spec;
        private readonly ColumnCleaner _prepare;
        private readonly KllSketch _sketch = new();
        private readonly Dictionary<string, long> _texts = new(StringComparer.Ordinal);
        private readonly Dictionary<long, long> _values = [];
        private double _sum, _sumSquares;
        private long _count;
        private readonly List<long> _fillRows = [];
        private readonly List<object?> _fillValues = [];
        private object? _last;
        private bool _inRun;

        public Accumulator(ColumnCleaning spec, Apache.Arrow.Types.IArrowType type, IArrowArray first)
        {
            _spec = spec;
            string? format = spec.Parse?.Format;
            if (spec.Parse is not null && format is null)
            {
                // Detect the format on the first batch's text (after the text steps), the same for every run.
                var text = new ColumnCleaner(spec with { Parse = null, Outliers = null, Impute = null }, new ColumnStatistics(), type);
                var v = text.Prepare(ColumnLoader.Load(first), null);
                var sample = new List<string>();
                for (int i = 0; i < v.Length && sample.Count < DetectionSample; i++) if (!v.IsNull(i)) sample.Add(v.Strings![i]!);
                format = spec.Parse.Target == ParseTarget.Number ? ValueParsing.DetectNumberStyle(sample)
                    : ValueParsing.DetectDateFormat(sample) ?? throw new PipelineException(PipelineErrorKind.InvalidInput,
                        $"{spec.Location}: clean '{spec.Column}': no known date format fits its values (e.g. '{sample.FirstOrDefault()}'); give parse: {{type: date, format: '...'}}");
            }
            _prepare = new ColumnCleaner(spec with { Outliers = null, Impute = null, MergeNearDuplicates = false }, new ColumnStatistics { ParseFormat = format }, type);
            ParseFormat = format;
        }

        public string? ParseFormat { get; }
        public long FillEntries => _fillRows.Count;

        public void Add(IArrowArray array, long firstRow)
        {
            var v = _prepare.Prepare(ColumnLoader.Load(array), null);
            bool fill = _spec.Impute is { Strategy: ImputeStrategy.ForwardFill or ImputeStrategy.BackwardFill };
            bool forward = _spec.Impute is { Strategy: ImputeStrategy.ForwardFill };
            for (int i = 0; i < v.Length; i++)
            {
                bool isNull = v.IsNull(i);
                if (fill)
                {
                    if (isNull)
                    {
                        if (!_inRun && forward && _last is not null) { _fillRows.Add(firstRow + i); _fillValues.Add(_last); }
                        _inRun = true;
                    }
                    else
                    {
                        var value = Value(v, i);
                        if (_inRun && !forward) { _fillRows.Add(firstRow + i - 1); _fillValues.Add(value); }
                        _inRun = false;
                        _last = value;
                    }
                }
                if (isNull) continue;
                switch (v.Kind)
                {
                    case ValueKind.Number:
                    {
                        double d = v.Numbers![i];
                        if (double.IsNaN(d)) break;
                        _sketch.Add(d); _sum += d; _sumSquares += d * d; _count++;
                        Count(_values, BitConverter.DoubleToInt64Bits(d == 0 ? 0 : d));
                        break;
                    }
                    case ValueKind.String: Count(_texts, v.Strings![i]!); break;
                    case ValueKind.Time: Count(_values, v.Times![i]); break;
                    default: Count(_values, v.Bools![i] ? 1 : 0); break;
                }
            }
        }

        private static object Value(Vec v, int i) => v.Kind switch
        {
            ValueKind.Number => v.Numbers![i],
            ValueKind.String => v.Strings![i]!,
            ValueKind.Time => v.Times![i],
            _ => v.Bools![i],
        };

        private static void Count<T>(Dictionary<T, long> counts, T key) where T : notnull
        {
            if (counts.TryGetValue(key, out var n)) counts[key] = n + 1;
            else if (counts.Count < MaxDistinctCounted) counts[key] = 1;
        }

        public ColumnStatistics Finish()
        {
            var facts = new Dictionary<string, double>(StringComparer.Ordinal);
            var merge = _spec.MergeNearDuplicates ? MergeMap(_texts) : null;
            if (merge is not null) facts["merged_variants"] = merge.Count;
            (double, double)? fences = null;
            double? mean = _count == 0 ? null : _sum / _count;
            double? median = _count == 0 ? null : _sketch.Quantile(0.5);
            if (mean is { } m)
            {
                facts["mean"] = Math.Round(m, 9);
                facts["median"] = median!.Value;
                if (_count > 1) facts["stddev"] = Math.Round(Math.Sqrt(Math.Max(0, (_sumSquares - _count * m * m) / (_count - 1))), 9);
            }
            if (_spec.Outliers is { } o && _count > 0)
            {
                double k = o.EffectiveK;
                switch (o.Method)
                {
                    case OutlierMethod.Iqr:
                    {
                        double q1 = _sketch.Quantile(0.25), q3 = _sketch.Quantile(0.75);
                        facts["q1"] = q1; facts["q3"] = q3;
                        fences = (q1 - k * (q3 - q1), q3 + k * (q3 - q1));
                        break;
                    }
                    case OutlierMethod.ZScore:
                    {
                        double sd = facts.GetValueOrDefault("stddev");
                        fences = (mean!.Value - k * sd, mean.Value + k * sd);
                        break;
                    }
                    default:
                    {
                        double mad = Mad(_sketch, median!.Value);
                        facts["mad"] = mad;
                        fences = (median.Value - k * 1.4826 * mad, median.Value + k * 1.4826 * mad);
                        break;
                    }
                }
                facts["fence_low"] = fences.Value.Item1;
                facts["fence_high"] = fences.Value.Item2;
            }
            object? impute = _spec.Impute?.Strategy switch
            {
                ImputeStrategy.Mean => mean,
                ImputeStrategy.Median => median,
                ImputeStrategy.Mode => Mode(merge),
                ImputeStrategy.Constant => ConstantValue(_spec, _prepare.ValueKindAfterParse),
                _ => null,
            };
            return new ColumnStatistics
            {
                MergeMap = merge,
                ParseFormat = ParseFormat,
                Fences = fences,
                ImputeValue = impute,
                Fill = _spec.Impute is { Strategy: ImputeStrategy.ForwardFill or ImputeStrategy.BackwardFill } ? new FillTable([.. _fillRows], [.. _fillValues]) : null,
                Facts = facts,
            };
        }

        /// <summary>The median absolute deviation from the sketch: the d where F(median + d) − F(median − d) reaches 1/2.</summary>
        private static double Mad(KllSketch sketch, double median)
        {
            double lo = 0, hi = Math.Max(sketch.Max - median, median - sketch.Min);
            for (int i = 0; i < 64; i++)
            {
                double mid = (lo + hi) / 2;
                if (sketch.Rank(median + mid) - sketch.Rank(median - mid) >= 0.5) hi = mid; else lo = mid;
            }
            return hi;
        }

        private object? Mode(IReadOnlyDictionary<string, string>? merge)
        {
            var kind = _prepare.ValueKindAfterParse;
            if (kind == ValueKind.String)
            {
                var counts = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (k, n) in _texts)
                {
                    var key = merge is not null && merge.TryGetValue(k, out var to) ? to : k;
                    counts[key] = counts.GetValueOrDefault(key) + n;
                }
                return counts.Count == 0 ? null : counts.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key;
            }
            if (_values.Count == 0) return null;
            long best = _values.OrderByDescending(e => e.Value).ThenBy(e => e.Key).First().Key;
            return kind switch { ValueKind.Number => BitConverter.Int64BitsToDouble(best), ValueKind.Time => best, _ => best == 1 };
        }

        /// <summary>Groups values by <see cref="TextSteps.NearDuplicateKey"/>; each group's variants map to its most
        /// frequent member (ties: the ordinally smallest).</summary>
        private static Dictionary<string, string> MergeMap(Dictionary<string, long> counts)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in counts.GroupBy(e => TextSteps.NearDuplicateKey(e.Key)).Where(g => g.Key.Length > 0 && g.Count() > 1))
            {
                var canonical = group.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key;
                foreach (var e in group) if (e.Key != canonical) map[e.Key] = canonical;
            }
            return map;
        }
    }
}
