using System.Globalization;
using Apache.Arrow;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>Turns tallies, analyzer states and the input schema into <see cref="RuleResult"/>s, in declaration order.</summary>
internal static class RuleOutcomes
{
    public static RuleResult Row(Rule rule, RuleTally tally)
        => Make(rule, "row", rule.EffectiveAction.ToString().ToLowerInvariant(), tally.Failed == 0, tally.Failed, null,
            tally.Failed == 0 ? null : $"{tally.Failed} rows failed", tally.Examples);

    public static RuleResult Table(Rule rule, TableRuleState s)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        long nonNull = s.Rows - s.Nulls;
        (bool ok, double? observed, string what) = rule.Kind switch
        {
            RuleKind.RowCountBetween => (s.Rows >= lo && s.Rows <= hi, s.Rows, $"row count {s.Rows} is outside [{F(lo)}, {F(hi)}]"),
            RuleKind.Unique => (s.Duplicates == 0, s.Duplicates, $"{s.Duplicates} duplicate values"),
            RuleKind.CompletenessAtLeast => Fraction(s.Rows == 0 ? 1 : (double)nonNull / s.Rows, f => f >= lo, $"completeness {{0}} is below {F(lo)} ({s.Nulls} nulls of {s.Rows})"),
            RuleKind.NullFractionAtMost => Fraction(s.Rows == 0 ? 0 : (double)s.Nulls / s.Rows, f => f <= lo, $"null fraction {{0}} is above {F(lo)} ({s.Nulls} nulls of {s.Rows})"),
            RuleKind.MinBetween => Stat(s.NumericCount == 0 ? null : s.Min, lo, hi, "min"),
            RuleKind.MaxBetween => Stat(s.NumericCount == 0 ? null : s.Max, lo, hi, "max"),
            _ => Stat(s.NumericCount == 0 ? null : s.Sum / s.NumericCount, lo, hi, "mean"),
        };
        var examples = rule.Kind == RuleKind.Unique ? s.DuplicateExamples.Select(v => new RuleExample(null, v)).ToList() : [];
        return Make(rule, "table", null, ok, rule.Kind == RuleKind.Unique ? s.Duplicates : 0, observed, ok ? null : what, examples);
    }

    public static RuleResult Schema(Rule rule, Schema? schema)
    {
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

    private static (bool, double?, string) Stat(double? value, double lo, double hi, string name)
        => value is { } v ? (v >= lo && v <= hi, v, $"{name} {F(v)} is outside [{F(lo)}, {F(hi)}]") : (false, null, $"{name} is undefined: no numeric values");

    private static string F(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static RuleResult Make(Rule rule, string scope, string? action, bool passed, long failed, double? observed, string? message, IReadOnlyList<RuleExample> examples)
        => new(rule.Name, rule.Kind.YamlName(), rule.Column, rule.Severity == RuleSeverity.Error ? "error" : "warn", scope, action,
            passed, failed, observed, message, examples);
}
