using System.Globalization;
using Pipeline.Engine.Results;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Turns a merged <see cref="TableProfiler"/> state into the <see cref="ProfileReport"/> document.</summary>
internal sealed class ProfileReportBuilder(ProfileOptions options)
{
    private static readonly (string Key, double Q)[] QuantileKeys =
        [("p01", 0.01), ("p05", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95), ("p99", 0.99)];

    public ProfileReport Build(TableProfiler profiler)
    {
        var nearDuplicates = new Dictionary<string, List<List<string>>>();
        var columns = profiler.Columns.Select(c => Column(c, nearDuplicates)).ToList();
        var (duplicates, exact) = profiler.DuplicateRows;
        long missing = columns.Sum(c => c.NullCount);
        long cells = profiler.RowCount * columns.Count;
        bool full = profiler.Level == ProfileLevel.Full;
        var report = new ProfileReport
        {
            Level = ProfileLevels.Name(profiler.Level),
            RowCount = profiler.RowCount,
            ColumnCount = columns.Count,
            DuplicateRowCount = duplicates,
            DuplicateRowCountExact = exact,
            DuplicateExamples = profiler.DuplicateExamples,
            MissingCells = missing,
            MissingCellsPct = cells == 0 ? null : Math.Round(100.0 * missing / cells, 6),
            MemoryBytes = profiler.MemoryBytes,
            Columns = columns,
            Correlations = Correlations(profiler, columns),
            // Column pairs are tracked at the full level only (below it their states never saw a row).
            Copies = full ? Copies(profiler) : [],
            OneToOne = full ? OneToOne(profiler, columns) : [],
            MissingTogether = full ? MissingTogether(profiler, columns) : [],
        };
        return report with { Alerts = ProfileAlerts.For(report, nearDuplicates) };
    }

    private ColumnProfile Column(ColumnState c, Dictionary<string, List<List<string>>> nearDuplicates)
    {
        long count = c.Rows - c.Nulls;
        long distinct = !c.Hashable ? 0 : c.Values.IsExact ? c.Values.DistinctCount : Math.Min(count, c.Distinct.Estimate());
        var (top, topExact) = c.Values.Top(options.TopValues);
        var sample = c.Sample.Values;
        if (c.Kind == ColumnKind.String)
        {
            var groups = ProfileAlerts.NearDuplicates(c.Values.IsExact ? c.Values.Entries.OrderByDescending(e => e.Count).Take(1000).Select(e => e.Value) : sample);
            if (groups.Count > 0) nearDuplicates[c.Field.Name] = groups;
        }
        var profile = new ColumnProfile
        {
            Name = c.Field.Name,
            Type = TypeNames.Describe(c.Field.DataType),
            Kind = ColumnKinds.Name(c.Kind),
            SemanticType = SemanticTypes.Infer(c.Kind, count, distinct, c.Kind == ColumnKind.String ? Finite(c.Lengths.MeanLength) : null,
                IsInteger(c), sample),
            Count = count,
            NullCount = c.Nulls,
            NullPct = c.Rows == 0 ? null : Math.Round(100.0 * c.Nulls / c.Rows, 6),
            DistinctCount = distinct,
            DistinctExact = c.Hashable && c.Values.IsExact,
            UniquePct = count == 0 ? null : Math.Round(100.0 * distinct / count, 6),
            TopValues = top.Select(t => new ValueCount(t.Value, t.Count)).ToList(),
            TopValuesExact = topExact,
        };
        profile = profile with { Monotonic = c.Order?.Monotonicity() };
        return c.Kind switch
        {
            ColumnKind.Numeric => Numeric(profile, c),
            ColumnKind.String => Text(profile, c),
            ColumnKind.Boolean => profile with { Boolean = new BooleanProfile(c.Trues, c.Falses, count == 0 ? null : (double)Math.Max(c.Trues, c.Falses) / count) },
            ColumnKind.DateTime => DateTimeColumn(profile, c),
            _ => profile,
        };
    }

    private static bool IsInteger(ColumnState c) => c.Field.DataType.TypeId is
        Apache.Arrow.Types.ArrowTypeId.Int8 or Apache.Arrow.Types.ArrowTypeId.Int16 or Apache.Arrow.Types.ArrowTypeId.Int32 or Apache.Arrow.Types.ArrowTypeId.Int64 or
        Apache.Arrow.Types.ArrowTypeId.UInt8 or Apache.Arrow.Types.ArrowTypeId.UInt16 or Apache.Arrow.Types.ArrowTypeId.UInt32 or Apache.Arrow.Types.ArrowTypeId.UInt64;

    private ColumnProfile Numeric(ColumnProfile p, ColumnState c)
    {
        var m = c.Moments;
        var dist = new Distribution(c.Values.IsExact ? c.Values.Entries : null, c.Quantiles);
        bool any = m.Count > 0;
        double min = m.Min, max = m.Max;
        var quantiles = any ? QuantileKeys.ToDictionary(k => k.Key, k => (object?)Finite(dist.Quantile(k.Q))) : null;
        double? iqr = any ? Finite(dist.Quantile(0.75) - dist.Quantile(0.25)) : null;
        int bins = any ? Math.Max(1, Kernels.Aggregates.Histogram.AutoBinCount(m.Count)) : 0;
        return p with
        {
            Min = any ? Finite(min) : null,
            Max = any ? Finite(max) : null,
            Mean = any ? Finite(m.Mean) : null,
            Stddev = Finite(m.StdDev),
            Variance = Finite(m.Variance),
            Skewness = Finite(m.Skewness),
            Kurtosis = Finite(m.Kurtosis),
            Sum = any ? Finite(m.Sum) : null,
            Range = any ? Finite(max - min) : null,
            Iqr = iqr,
            Mad = any ? Finite(dist.Mad()) : null,
            Cv = any && m.Mean != 0 ? Finite(m.StdDev / Math.Abs(m.Mean)) : null,
            Zeros = m.Zeros,
            Negatives = m.Negatives,
            Infinities = m.PositiveInfinity + m.NegativeInfinity,
            NanCount = m.NaN,
            Quantiles = quantiles,
            QuantileRankError = dist.IsExact ? 0 : c.Quantiles?.NormalizedRankError,
            Histogram = any ? Histogram(dist, min, max, bins) : null,
        };
    }

    /// <summary>Bins of equal width over [min, max] ticks: counts from the sketch's ranks (values ≤ each edge), the first
    /// bin holding the minimum; edges in Unix seconds.</summary>
    private static HistogramProfile Timeline(Kernels.Sketches.KllSketch sketch, long minTicks, long maxTicks, int bins = 20)
    {
        if (maxTicks == minTicks) bins = 1;
        var edges = Enumerable.Range(0, bins + 1).Select(i => i == bins ? (double)maxTicks : minTicks + (maxTicks - minTicks) * (double)i / bins).ToList();
        var counts = new List<long>(bins);
        long total = sketch.Count, before = 0;
        for (int i = 1; i <= bins; i++)
        {
            long upTo = i == bins ? total : (long)Math.Round(total * sketch.Rank(edges[i]));
            counts.Add(Math.Max(0, upTo - before));
            before = Math.Max(before, upTo);
        }
        return new HistogramProfile(edges.Select(e => Math.Round(e / TimeSpan.TicksPerSecond, 3)).ToList(), counts);
    }

    private static HistogramProfile Histogram(Distribution dist, double min, double max, int bins)
    {
        if (max == min) bins = 1;
        var edges = Enumerable.Range(0, bins + 1).Select(i => i == bins ? max : min + (max - min) * i / bins).ToList();
        return new HistogramProfile(edges, dist.Histogram(min, max, bins));
    }

    private static ColumnProfile Text(ColumnProfile p, ColumnState c)
    {
        var exact = c.Values.IsExact ? c.Values.Entries.Select(e => e.Value).ToList() : null;
        var l = c.Lengths;
        var classes = new Dictionary<string, long>
        {
            ["letters"] = c.WithLetters, ["digits"] = c.WithDigits, ["whitespace"] = c.WithWhitespace,
            ["punctuation"] = c.WithPunctuation, ["non_ascii"] = c.WithNonAscii,
        };
        var patterns = c.Patterns!.Top(10).Values.Select(v => new ValueCount(v.Value, v.Count)).ToList();
        return p with
        {
            Min = exact is { Count: > 0 } ? exact.Min(StringComparer.Ordinal) : null,
            Max = exact is { Count: > 0 } ? exact.Max(StringComparer.Ordinal) : null,
            Text = new StringProfile(l.Count == 0 ? 0 : l.MinLength, l.Count == 0 ? 0 : l.MaxLength, Finite(l.MeanLength), l.Empty, l.WhitespaceOnly, classes, patterns),
        };
    }

    private static ColumnProfile DateTimeColumn(ColumnProfile p, ColumnState c)
    {
        bool any = c.MaxTicks >= c.MinTicks;
        string Iso(double ticks) => ValueText.Timestamp((long)(ticks / 10), Apache.Arrow.Types.TimeUnit.Microsecond);
        bool isDate = c.Field.DataType is Apache.Arrow.Types.Date32Type;
        string Show(double ticks) => isDate ? Iso(ticks)[..10] : Iso(ticks);
        var quantiles = any ? QuantileKeys.ToDictionary(k => k.Key, k => (object?)Show(c.Quantiles!.Quantile(k.Q))) : null;
        bool tz = c.Field.DataType is Apache.Arrow.Types.TimestampType { Timezone: { Length: > 0 } };
        bool hasTime = c.Field.DataType is Apache.Arrow.Types.TimestampType or Apache.Arrow.Types.Date64Type;
        return p with
        {
            Min = any ? Show(c.MinTicks) : null,
            Max = any ? Show(c.MaxTicks) : null,
            Quantiles = quantiles,
            QuantileRankError = c.Quantiles?.NormalizedRankError,
            Datetime = new DateTimeProfile(any ? (c.MaxTicks - c.MinTicks) / (double)TimeSpan.TicksPerDay : null, c.Weekdays, hasTime ? c.Hours : null, c.Future, tz)
            {
                Series = c.Order?.Steps() is { } steps ? Series(steps, Show) : null,
                Timeline = any && c.Quantiles is { Count: > 0 } sketch ? Timeline(sketch, c.MinTicks, c.MaxTicks) : null,
            },
        };
    }

    private static TimeSeriesProfile Series(TimeSteps steps, Func<double, string> show) => new(
        Math.Round(steps.Step / (double)TimeSpan.TicksPerSecond, 6), Math.Round(steps.RegularShare, 6), steps.Gaps, steps.MissingSteps,
        steps.Backwards, steps.Examples.Select(g => new TimeGapProfile(show(g.From), show(g.To), Math.Round((g.To - g.From) / (double)TimeSpan.TicksPerSecond, 6))).ToList());

    /// <summary>Pairs that map one to one (not exact copies, at least two distinct values, and some value repeating,
    /// so two unique keys of a small table are not reported as a "mapping").</summary>
    private static List<ColumnMapping> OneToOne(TableProfiler profiler, List<ColumnProfile> columns) =>
        profiler.Mappings.Mappings()
            .Where(m => !profiler.IsCopy(m.A, m.B) && m.Distinct >= 2 && m.Distinct < profiler.RowCount)
            .Select(m => new ColumnMapping(columns[m.A].Name, columns[m.B].Name, m.Distinct)).ToList();

    /// <summary>Pairs of columns that both have nulls, with how often they are missing together and the correlation
    /// of their missingness (phi coefficient of the two null indicators).</summary>
    private static List<MissingPair> MissingTogether(TableProfiler profiler, List<ColumnProfile> columns)
    {
        var result = new List<MissingPair>();
        long n = profiler.RowCount;
        for (int a = 0; a < columns.Count; a++)
            for (int b = a + 1; b < columns.Count; b++)
            {
                long na = columns[a].NullCount, nb = columns[b].NullCount;
                if (na == 0 || nb == 0) continue;
                long both = profiler.Nulls.Both(a, b);
                double denominator = Math.Sqrt((double)na * (n - na) * nb * (n - nb));
                double? phi = denominator > 0 ? Math.Round(Math.Clamp((n * (double)both - (double)na * nb) / denominator, -1, 1), 10) : null;
                result.Add(new MissingPair(columns[a].Name, columns[b].Name, both, na, nb, phi));
            }
        return result;
    }

    private List<Correlation> Correlations(TableProfiler profiler, List<ColumnProfile> columns)
    {
        var result = new List<Correlation>();
        var numeric = profiler.NumericColumns;
        var rows = profiler.Sample.Rows();
        var ranks = numeric.Count > 2 ? new SampleRanks(rows, numeric.Count) : null;
        for (int a = 0; a < numeric.Count; a++)
            for (int b = a + 1; b < numeric.Count; b++)
            {
                var pearson = profiler.Pearson(a, b);
                if (Finite(pearson.Correlation) is { } r)
                    result.Add(new Correlation(columns[numeric[a]].Name, columns[numeric[b]].Name, "pearson", Math.Round(r, 10), pearson.N));
                var (rho, n) = SampleCorrelations.Spearman(rows, a, b, ranks);
                if (Finite(rho) is { } s)
                    result.Add(new Correlation(columns[numeric[a]].Name, columns[numeric[b]].Name, "spearman", Math.Round(s, 10), n));
            }
        var categorical = profiler.CategoricalColumns;
        bool Small(int k) => columns[categorical[k]].DistinctExact && columns[categorical[k]].DistinctCount is >= 2 && columns[categorical[k]].DistinctCount <= options.CategoricalLimit;
        for (int a = 0; a < categorical.Count; a++)
            for (int b = a + 1; b < categorical.Count; b++)
            {
                if (!Small(a) || !Small(b)) continue;
                var (v, n) = SampleCorrelations.CramersV(rows, a, b);
                if (Finite(v) is { } value)
                    result.Add(new Correlation(columns[categorical[a]].Name, columns[categorical[b]].Name, "cramers_v", Math.Round(value, 10), n));
            }
        return result;
    }

    private static List<ColumnPair> Copies(TableProfiler profiler)
    {
        var pairs = new List<ColumnPair>();
        var cols = profiler.Columns;
        for (int i = 0; i < cols.Count; i++)
            for (int j = i + 1; j < cols.Count; j++)
                if (profiler.IsCopy(i, j) && profiler.RowCount > 0) pairs.Add(new ColumnPair(cols[i].Field.Name, cols[j].Field.Name));
        return pairs;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
