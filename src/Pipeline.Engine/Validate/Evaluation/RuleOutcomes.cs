using System.Globalization;
using Apache.Arrow;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate.Evaluation.Keys;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>Turns tallies, analyzer states and the input schema into <see cref="RuleResult"/>s, in declaration order.</summary>
internal static class RuleOutcomes
{
    public static RuleResult Row(Rule rule, RuleTally tally)
        => Make(rule, "row", rule.EffectiveAction.ToString().ToLowerInvariant(), tally.Failed == 0, tally.Failed, null,
            tally.Failed == 0 ? null : $"{tally.Failed} {(tally.Failed == 1 ? "row" : "rows")} failed", tally.Examples);

    /// <summary>A table rule's result. <paramref name="counter"/> is its key counter (uniqueness rules),
    /// <paramref name="referenceRows"/> the other table's row count (<c>row_count_equals</c>).</summary>
    public static RuleResult Table(Rule rule, TableRuleState s, IDistinctKeyCounter? counter = null, long? referenceRows = null, DateTimeOffset? now = null)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        long nonNull = s.Rows - s.Nulls;
        var (distinct, duplicates) = counter?.Finish() ?? (0, 0);
        long failedRows = 0;
        (bool ok, double? observed, string what) = rule.Kind switch
        {
            RuleKind.RowCountBetween => (s.Rows >= lo && s.Rows <= hi, s.Rows, $"row count {s.Rows} is outside [{F(lo)}, {F(hi)}]"),
            RuleKind.Unique or RuleKind.UniqueTogether => (duplicates == 0, duplicates, $"{duplicates} duplicate {(rule.Kind == RuleKind.Unique ? "values" : "keys")}"),
            RuleKind.PrimaryKey => (duplicates == 0 && s.Nulls == 0, duplicates + s.Nulls,
                $"{duplicates} duplicate keys, {s.Nulls} rows with a null key column"),
            RuleKind.DistinctCountBetween => (distinct >= lo && distinct <= hi, distinct, $"distinct count {distinct} is outside [{F(lo)}, {F(hi)}]"),
            RuleKind.UniqueRatioBetween => Ranged(nonNull == 0 ? null : Math.Round((double)distinct / nonNull, 6), lo, hi, "unique ratio"),
            RuleKind.CompletenessAtLeast => Fraction(s.Rows == 0 ? 1 : (double)nonNull / s.Rows, f => f >= lo, $"completeness {{0}} is below {F(lo)} ({s.Nulls} nulls of {s.Rows})"),
            RuleKind.NullFractionAtMost => Fraction(s.Rows == 0 ? 0 : (double)s.Nulls / s.Rows, f => f <= lo, $"null fraction {{0}} is above {F(lo)} ({s.Nulls} nulls of {s.Rows})"),
            RuleKind.MinBetween => Ranged(s.NumericCount == 0 ? null : s.Min, lo, hi, "min"),
            RuleKind.MaxBetween => Ranged(s.NumericCount == 0 ? null : s.Max, lo, hi, "max"),
            RuleKind.SumBetween => Ranged(s.NumericCount == 0 ? null : s.Sum, lo, hi, "sum"),
            RuleKind.StddevBetween => Ranged(s.StandardDeviation, lo, hi, "standard deviation"),
            RuleKind.QuantileBetween => Ranged(s.Quantile(rule.Quantile!.Value), lo, hi, $"quantile {F(rule.Quantile!.Value)}"),
            RuleKind.FreshWithin => Freshness(rule, s, now ?? DateTimeOffset.UtcNow),
            RuleKind.RowCountEquals => (s.Rows == referenceRows, s.Rows, $"row count {s.Rows} differs from {referenceRows} in {rule.Reference}"),
            _ => Ranged(s.NumericCount == 0 ? null : s.Sum / s.NumericCount, lo, hi, "mean"),
        };
        if (rule.Kind is RuleKind.Unique or RuleKind.UniqueTogether or RuleKind.PrimaryKey) failedRows = (long)observed!.Value;
        var examples = counter is not null && rule.Kind is RuleKind.Unique or RuleKind.UniqueTogether or RuleKind.PrimaryKey
            ? counter!.Examples.Select(v => new RuleExample(null, v)).ToList() : [];
        if (counter is { Spilled: true } && !ok) what += " (keys spilled to disk; examples are those found before the spill)";
        return Make(rule, "table", null, ok, failedRows, observed, ok ? null : what, examples);
    }

    /// <summary><c>fresh_within</c>: the latest time must be at or after now minus the duration.</summary>
    private static (bool, double?, string) Freshness(Rule rule, TableRuleState s, DateTimeOffset now)
    {
        if (s.LatestTime is not { } latest) return (false, null, $"no {rule.Column} values, so nothing is fresh");
        long nowMicros = (now.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        double ageSeconds = Math.Round((nowMicros - latest) / 1e6, 3);
        string latestText = RowCheck.Display(new Vec { Kind = ValueKind.Time, Length = 1, Times = [latest] }, 0);
        return (ageSeconds <= rule.Low!.Value, ageSeconds, $"latest {rule.Column} {latestText} is {F(ageSeconds)} s old, more than {rule.Text}");
    }

    public static RuleResult Schema(Rule rule, Schema? schema)
    {
        if (rule.Kind is RuleKind.ColumnsMatchSet or RuleKind.ColumnsMatchList or RuleKind.NoUnexpectedColumns)
        {
            var actual = schema?.FieldsList.Select(f => f.Name).ToList() ?? [];
            var wanted = rule.Columns!;
            var missing = wanted.Where(c => !actual.Contains(c)).ToList();
            var extra = actual.Where(c => !wanted.Contains(c)).ToList();
            bool passed = rule.Kind switch
            {
                RuleKind.ColumnsMatchSet => missing.Count == 0 && extra.Count == 0,
                RuleKind.ColumnsMatchList => actual.SequenceEqual(wanted),
                _ => extra.Count == 0,
            };
            var parts = new List<string>();
            if (rule.Kind != RuleKind.NoUnexpectedColumns && missing.Count > 0) parts.Add($"missing [{string.Join(", ", missing)}]");
            if (extra.Count > 0) parts.Add($"unexpected [{string.Join(", ", extra)}]");
            if (parts.Count == 0 && !passed) parts.Add($"order is [{string.Join(", ", actual)}], expected [{string.Join(", ", wanted)}]");
            return Make(rule, "schema", null, passed, 0, null, passed ? null : string.Join("; ", parts), []);
        }
        var field = schema?.GetFieldByName(rule.Column!);
        bool ok = rule.Kind == RuleKind.ColumnExists ? field is not null : field is not null && TypeMatches(field.DataType, rule.Text!);
        string what = field is null ? $"column '{rule.Column}' does not exist" : $"column '{rule.Column}' is {TypeNames.Describe(field.DataType)}, not {rule.Text}";
        return Make(rule, "schema", null, ok, 0, null, ok ? null : what, []);
    }

    /// <summary>A type matches an exact name (<c>int64</c>, <c>utf8</c>) or a family: <c>integer</c>, <c>number</c>,
    /// <c>string</c>, <c>bool</c>, <c>date</c>, <c>timestamp</c>, <c>decimal</c>.</summary>
    private static bool TypeMatches(Apache.Arrow.Types.IArrowType type, string wanted)
    {
        var name = TypeNames.Describe(type);
        if (string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase)) return true;
        return wanted.ToLowerInvariant() switch
        {
            "integer" or "int" => type is Apache.Arrow.Types.IntegerType,
            "number" or "numeric" => ColumnLoader.KindOf(type) == ValueKind.Number,
            "string" or "text" => ColumnLoader.KindOf(type) == ValueKind.String,
            "bool" or "boolean" => type is Apache.Arrow.Types.BooleanType,
            "date" => type is Apache.Arrow.Types.Date32Type or Apache.Arrow.Types.Date64Type,
            "timestamp" => type is Apache.Arrow.Types.TimestampType,
            "decimal" => type is Apache.Arrow.Types.Decimal128Type or Apache.Arrow.Types.Decimal256Type,
            "double" or "float64" => type is Apache.Arrow.Types.DoubleType,
            _ => false,
        };
    }

    private static (bool, double?, string) Fraction(double f, Func<double, bool> ok, string what)
        => (ok(f), Math.Round(f, 6), string.Format(CultureInfo.InvariantCulture, what, F(Math.Round(f, 6))));

    private static (bool, double?, string) Ranged(double? value, double lo, double hi, string name)
        => value is { } v ? (v >= lo && v <= hi, Stable(v), $"{name} {F(Stable(v))} is outside [{F(lo)}, {F(hi)}]") : (false, null, $"{name} is undefined: no numeric values");

    /// <summary>An aggregate rounded to 12 significant digits: sums and deviations merged from worker states in a
    /// different order differ in the last bits, and results must not depend on parallelism or batch size. The check
    /// itself uses the unrounded value.</summary>
    private static double Stable(double v)
    {
        if (v == 0 || !double.IsFinite(v)) return v;
        int digits = 12 - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v)));
        return digits is >= 0 and <= 15 ? Math.Round(v, digits) : double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static string F(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static RuleResult Make(Rule rule, string scope, string? action, bool passed, long failed, double? observed, string? message, IReadOnlyList<RuleExample> examples)
        => new(rule.Name, rule.Kind.YamlName(), rule.Column, rule.Severity == RuleSeverity.Error ? "error" : "warn", scope, action,
            passed, failed, observed, message, examples);
}
