using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Yaml;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Engine.Validate.Evaluation.ArrayChecks;
using Pipeline.Kernels.Text;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>
/// A row rule compiled against a schema: evaluates a whole batch into a failure mask. Null values are not checked by
/// value rules (only <c>not_null</c> fails on nulls); NaN is a value and fails every range rule since it compares false.
/// </summary>
internal sealed class RowCheck
{
    private readonly int _column;
    private readonly BoundExpr? _expression;
    private readonly BoundExpr? _filter;
    private readonly BoundExpr? _other;
    /// <summary>The right side of <c>column_equals</c> per batch, so the reasons of many failing rows evaluate it once.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<BatchColumns, Vec> _otherValues = [];
    private readonly Func<Vec, int, bool> _passes;
    /// <summary>The same check on the Arrow array itself, for the rule kinds and array types that have one.</summary>
    private readonly IArrayCheck? _direct;

    public Rule Rule { get; }

    private RowCheck(Rule rule, int column, BoundExpr? expression, BoundExpr? filter, Func<Vec, int, bool> passes, BoundExpr? other = null, DateTimeOffset now = default)
    {
        Rule = rule; _column = column; _expression = expression; _filter = filter; _passes = passes; _other = other;
        if (expression is null && other is null && column >= 0) _direct = DirectCheck(rule, now);
    }

    /// <summary>The direct (Arrow-buffer) form of the value rules that have one; the Vec predicate stays the
    /// reference semantics and the path for every other array type.</summary>
    private static IArrayCheck? DirectCheck(Rule rule, DateTimeOffset now)
    {
        double lo = rule.Low ?? 0, hi = rule.High ?? 0, inf = double.PositiveInfinity;
        return rule.Kind switch
        {
            RuleKind.GreaterThan => new NumberRangeCheck(lo, false, inf, true),
            RuleKind.GreaterOrEqual => new NumberRangeCheck(lo, true, inf, true),
            RuleKind.LessThan => new NumberRangeCheck(-inf, true, lo, false),
            RuleKind.LessOrEqual => new NumberRangeCheck(-inf, true, lo, true),
            RuleKind.Between => new NumberRangeCheck(lo, !rule.Exclusive, hi, !rule.Exclusive),
            RuleKind.NonNegative => new NumberRangeCheck(0, true, inf, true),
            RuleKind.Positive => new NumberRangeCheck(0, false, inf, true),
            RuleKind.InSet => new Utf8SetCheck(rule.Values!, wanted: true),
            RuleKind.NotInSet => new Utf8SetCheck(rule.Values!, wanted: false),
            RuleKind.LengthBetween => new Utf8LengthCheck(lo, hi),
            RuleKind.NotFuture => new NotAfterCheck(NowMicros(now)),
            RuleKind.Regex => new Utf8RegexCheck(new Utf8Regex(rule.Text!)),
            RuleKind.Shape when Shapes.Pattern(rule.Text!) is { } pattern => new Utf8RegexCheck(pattern),
            _ => null,
        };
    }

    /// <summary>Compiles a row rule; unknown columns and type mismatches throw with the rule's YAML location.</summary>
    /// <param name="rule">A row rule.</param>
    /// <param name="schema">The batches' schema.</param>
    /// <param name="now">The run's start (for <c>not_future</c>).</param>
    /// <param name="references">Loaded reference tables (needed by <c>exists_in</c>).</param>
    public static RowCheck Compile(Rule rule, Schema schema, DateTimeOffset now, ReferenceData? references = null)
    {
        string where = $"{(rule.Location is null ? "" : rule.Location + ": ")}rule '{rule.Name}'";
        var filter = rule.Filter is null ? null : BindText(rule.Filter, schema, $"{where}: {(rule.Kind == RuleKind.Conditional ? "when" : "filter")} \"{rule.Filter}\"");
        if (rule.Kind is RuleKind.Expression or RuleKind.Conditional)
            return new RowCheck(rule, -1, BindText(rule.Text!, schema, $"{where}: \"{rule.Text}\""), filter, static (v, i) => v.Bools![i]);
        int col = ColumnIndex(rule, schema, where);
        var kind = ColumnLoader.KindOf(schema.GetFieldByIndex(col).DataType);
        if (rule.Kind == RuleKind.ColumnEquals)
        {
            if (kind != ValueKind.Number) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{where}: 'column_equals' needs a number column, but '{rule.Column}' is not one");
            var other = BindText(rule.Text!, schema, $"{where}: \"{rule.Text}\"", condition: false);
            if (other.Kind != ValueKind.Number) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{where}: \"{rule.Text}\" must compute a number");
            return new RowCheck(rule, col, null, filter, (v, i) => false, other);
        }
        if (rule.Kind == RuleKind.ExistsIn)
        {
            var keys = (references ?? ReferenceData.Empty).Keys(rule);
            if (keys.Kind != kind)
                throw new PipelineException(PipelineErrorKind.InvalidInput,
                    $"{where}: '{rule.Column}' is {(kind is { } k ? ExpressionBinder.Name(k) : "of an unsupported type")} but {rule.Reference} is {ExpressionBinder.Name(keys.Kind)}");
            return new RowCheck(rule, col, null, filter, keys.Contains);
        }
        return new RowCheck(rule, col, null, filter, Predicate(rule, kind, now, where), now: now);
    }

    private static BoundExpr BindText(string text, Schema schema, string what, bool condition = true)
    {
        try
        {
            // Conditions use the step expression engine (the whole function library); a rule's numeric comparison
            // value (column_equals) still uses the rule binder, whose numbers are doubles.
            if (condition) return new BoundScalarCondition(Engine.Expressions.ScalarExpression.BindPredicate(text, schema));
            return ExpressionBinder.Bind(ExpressionParser.Parse(text), schema);
        }
        catch (ExpressionException ex)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: {ex.Message} at character {ex.Position}");
        }
    }

    internal static int ColumnIndex(Rule rule, Schema schema, string where)
    {
        int col = schema.GetFieldIndex(rule.Column!);
        if (col >= 0) return col;
        var hint = YamlNodes.Suggest(rule.Column!, schema.FieldsList.Select(f => f.Name));
        throw new PipelineException(PipelineErrorKind.InvalidInput,
            $"{where}: unknown column '{rule.Column}'" + (hint is null ? $" (columns: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})" : $" (did you mean '{hint}'?)"));
    }

    /// <summary>The CSV type a rule needing <paramref name="what"/> should fix its column to.</summary>
    private static string SuggestedType(string what) => what switch
    {
        _ when what.Contains("number", StringComparison.Ordinal) => "double",
        _ when what.Contains("date", StringComparison.Ordinal) => "timestamp",
        _ => "string",
    };

    private static Func<Vec, int, bool> Predicate(Rule rule, ValueKind? kind, DateTimeOffset now, string where)
    {
        PipelineException Needs(string what) => new(PipelineErrorKind.InvalidInput,
            $"{where}: '{rule.Kind.YamlName()}' needs {what}, but column '{rule.Column}' is {(kind is { } k ? ExpressionBinder.Name(k) : "of an unsupported type")}" +
            $" (a CSV column's type is inferred from its values: fix it with --types {rule.Column}={SuggestedType(what)} or csv.types in the spec, and values that do not fit are quarantined with their line)");
        double lo = rule.Low ?? 0, hi = rule.High ?? 0;
        switch (rule.Kind)
        {
            case RuleKind.NotNull: return static (v, i) => !v.IsNull(i);
            case RuleKind.GreaterThan or RuleKind.GreaterOrEqual or RuleKind.LessThan or RuleKind.LessOrEqual or RuleKind.Between or RuleKind.NonNegative or RuleKind.Positive:
                if (kind != ValueKind.Number) throw Needs("a number column");
                return rule.Kind switch
                {
                    RuleKind.GreaterThan => (v, i) => v.Numbers![i] > lo,
                    RuleKind.GreaterOrEqual => (v, i) => v.Numbers![i] >= lo,
                    RuleKind.LessThan => (v, i) => v.Numbers![i] < lo,
                    RuleKind.LessOrEqual => (v, i) => v.Numbers![i] <= lo,
                    RuleKind.NonNegative => static (v, i) => v.Numbers![i] >= 0,
                    RuleKind.Positive => static (v, i) => v.Numbers![i] > 0,
                    _ when rule.Exclusive => (v, i) => v.Numbers![i] > lo && v.Numbers![i] < hi,
                    _ => (v, i) => v.Numbers![i] >= lo && v.Numbers![i] <= hi,
                };
            case RuleKind.InSet or RuleKind.NotInSet:
            {
                bool wanted = rule.Kind == RuleKind.InSet;
                if (kind == ValueKind.Number)
                {
                    var set = new HashSet<double>();
                    foreach (var s in rule.Values!)
                        set.Add(double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                            : throw Needs($"numbers in its set ('{s}' is not one) or a text column"));
                    return (v, i) => set.Contains(v.Numbers![i]) == wanted;
                }
                if (kind != ValueKind.String) throw Needs("a text or number column");
                var strings = new HashSet<string>(rule.Values!, StringComparer.Ordinal);
                return (v, i) => strings.Contains(v.Strings![i]!) == wanted;
            }
            case RuleKind.Regex:
            {
                if (kind != ValueKind.String) throw Needs("a text column");
                var regex = Kernels.Text.GuardedRegex.Create(rule.Text!);
                return (v, i) => regex.IsMatch(v.Strings![i]!);
            }
            case RuleKind.LengthBetween:
                if (kind != ValueKind.String) throw Needs("a text column");
                return (v, i) => TextLength.Of(v.Strings![i]!) is var length && length >= lo && length <= hi;
            case RuleKind.NotFuture:
            {
                if (kind != ValueKind.Time) throw Needs("a date or timestamp column");
                long limit = NowMicros(now);
                return (v, i) => v.Times![i] <= limit;
            }
            case RuleKind.Shape:
            {
                if (kind != ValueKind.String) throw Needs("a text column");
                return Shapes.For(rule.Text!);
            }
            case RuleKind.Format:
            {
                if (kind != ValueKind.String) throw Needs("a text column");
                var format = Parsing.StrftimeFormat.ToDotNet(rule.Text!);
                return (v, i) => Parsing.StrftimeFormat.Matches(v.Strings![i]!, format);
            }
            default: throw new InvalidOperationException($"{rule.Kind} is not a row rule");
        }
    }

    /// <summary>The per-value UTF-8 form of this rule's check, when it has one (set, length, regex, email/uuid shapes).</summary>
    internal Utf8Check? TextCheck => _direct as Utf8Check;

    /// <summary>Whether no value of <paramref name="values"/> fails this rule's value check (false when the rule has
    /// no direct check for this array type). With a rule whose passing values form an interval, two values that pass
    /// prove that everything between them passes.</summary>
    internal bool PassesEvery(IArrowArray values)
    {
        if (_direct is null) return false;
        Span<bool> fails = stackalloc bool[values.Length];
        return _direct.Evaluate(values, fails) == 0;
    }

    /// <summary>Marks failing rows in <paramref name="fails"/> (true = fails) and returns how many failed.</summary>
    public int Evaluate(BatchColumns columns, Span<bool> fails)
    {
        try
        {
            return EvaluateUnguarded(columns, fails);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw RegexTimedOut(Rule, ex);
        }
    }

    /// <summary>The error for a pattern that backtracked past its time limit on one value.</summary>
    internal static Core.Errors.PipelineException RegexTimedOut(Rule rule, RegexMatchTimeoutException ex) => new(Core.Errors.PipelineErrorKind.InvalidInput,
        $"rule '{rule.Name}': the pattern '{ex.Pattern}' took longer than {ex.MatchTimeout.TotalSeconds:0.#} s on one value " +
        "(catastrophic backtracking); write it without backreferences or lookarounds so it runs in linear time", ex);

    private int EvaluateUnguarded(BatchColumns columns, Span<bool> fails)
    {
        fails = fails[..columns.Length];
        var filter = _filter?.Evaluate(columns);
        if (Rule.Kind == RuleKind.NotNull) return EvaluateNotNull(columns.Batch.Column(_column), filter, fails);
        if (_direct is not null && _direct.Evaluate(columns.Batch.Column(_column), fails) is var direct and >= 0)
            return filter is null ? direct : ApplyFilter(filter, fails, direct);
        if (_expression is not null) return EvaluateCondition(_expression.Evaluate(columns), filter, fails);
        var v = columns.Column(_column);
        var other = _other?.Evaluate(columns);
        double tolerance = Rule.Tolerance;
        int count = 0;
        for (int i = 0; i < columns.Length; i++)
        {
            bool fail;
            if (filter is not null && (filter.IsNull(i) || !filter.Bools![i])) fail = false;
            else if (v.IsNull(i)) fail = false;
            else if (other is not null) fail = !other.IsNull(i) && !(Math.Abs(v.Numbers![i] - other.Numbers![i]) <= tolerance);
            else fail = !_passes(v, i);
            fails[i] = fail;
            if (fail) count++;
        }
        return count;
    }

    /// <summary>An expression or conditional rule: a row fails where the condition is false, unless it is null or the
    /// filter (<c>when</c>) does not select the row. Thirty-two rows per step on the bool bytes (0 or 1).</summary>
    private static int EvaluateCondition(Vec condition, Vec? filter, Span<bool> fails)
    {
        int n = fails.Length, count = 0, i = 0;
        ReadOnlySpan<bool> truth = condition.Bools!.AsSpan(0, n);
        ReadOnlySpan<bool> nulls = condition.Nulls is { } conditionNulls ? conditionNulls.AsSpan(0, n) : default;
        ReadOnlySpan<bool> selected = filter?.Bools is { } filterTrue ? filterTrue.AsSpan(0, n) : default;
        ReadOnlySpan<bool> unselected = filter?.Nulls is { } filterNulls ? filterNulls.AsSpan(0, n) : default;
        var one = Vector256.Create((byte)1);
        for (; Vector256.IsHardwareAccelerated && i + 32 <= n; i += 32)
        {
            var fail = Load(truth, i) ^ one;
            if (!nulls.IsEmpty) fail &= Load(nulls, i) ^ one;
            if (!selected.IsEmpty) fail &= Load(selected, i);
            if (!unselected.IsEmpty) fail &= Load(unselected, i) ^ one;
            Vector256.StoreUnsafe(fail, ref Unsafe.As<bool, byte>(ref fails[i]));
            count += BitOperations.PopCount(Vector256.ExtractMostSignificantBits(Vector256.Equals(fail, one)));
        }
        for (; i < n; i++)
        {
            bool fail = !truth[i] && (nulls.IsEmpty || !nulls[i]) && (selected.IsEmpty || selected[i]) && (unselected.IsEmpty || !unselected[i]);
            fails[i] = fail;
            count += fail ? 1 : 0;
        }
        return count;

        static Vector256<byte> Load(ReadOnlySpan<bool> flags, int at) =>
            Vector256.LoadUnsafe(ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(flags)), (nuint)at);
    }

    private static long NowMicros(DateTimeOffset now) => (now.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>Clears the failures of rows the rule's filter does not select (false or null).</summary>
    private static int ApplyFilter(Vec filter, Span<bool> fails, int count)
    {
        for (int i = 0; i < fails.Length; i++)
        {
            if (!fails[i] || (!filter.IsNull(i) && filter.Bools![i])) continue;
            fails[i] = false;
            count--;
        }
        return count;
    }

    /// <summary><c>not_null</c> reads only the validity bitmap: converting the values (text especially) would cost
    /// more than the check itself.</summary>
    private static int EvaluateNotNull(IArrowArray array, Vec? filter, Span<bool> fails)
    {
        int count = Validity.MarkNulls(array, fails);
        if (filter is null || count == 0) return count;
        for (int i = 0; i < fails.Length; i++)
        {
            if (!fails[i] || (!filter.IsNull(i) && filter.Bools![i])) continue;
            fails[i] = false;
            count--;
        }
        return count;
    }

    /// <summary>Why row <paramref name="row"/> failed, naming the value.</summary>
    public string Reason(BatchColumns columns, int row)
    {
        if (_expression is not null) return $"{Rule.Name}: \"{Rule.Text}\" is false";
        if (Rule.Kind == RuleKind.NotNull) return $"{Rule.Name}: {Rule.Column} is null";
        var v = columns.Column(_column);
        if (v.IsNull(row)) return $"{Rule.Name}: {Rule.Column} is null";
        string expect = Rule.Kind switch
        {
            RuleKind.GreaterThan => $"> {Num(Rule.Low)}",
            RuleKind.GreaterOrEqual => $">= {Num(Rule.Low)}",
            RuleKind.LessThan => $"< {Num(Rule.Low)}",
            RuleKind.LessOrEqual => $"<= {Num(Rule.Low)}",
            RuleKind.Between => Rule.Exclusive ? $"strictly between {Num(Rule.Low)} and {Num(Rule.High)}" : $"between {Num(Rule.Low)} and {Num(Rule.High)}",
            RuleKind.InSet => $"in [{string.Join(", ", Rule.Values!)}]",
            RuleKind.NotInSet => $"not in [{string.Join(", ", Rule.Values!)}]",
            RuleKind.Regex => $"matching /{Rule.Text}/",
            RuleKind.LengthBetween => $"of length {Num(Rule.Low)}..{Num(Rule.High)}",
            RuleKind.NonNegative => ">= 0",
            RuleKind.Positive => "> 0",
            RuleKind.NotFuture => "not in the future",
            RuleKind.Shape => $"shaped like {(Rule.Text == "ip" ? "an" : "a")} {Rule.Text}",
            RuleKind.Format => $"in format '{Rule.Text}'",
            RuleKind.ExistsIn => $"a value of {Rule.Reference}",
            RuleKind.ColumnEquals => $"{Rule.Text} = {Display(_otherValues.GetValue(columns, c => _other!.Evaluate(c)), row)}" + (Rule.Tolerance > 0 ? $" ± {Num(Rule.Tolerance)}" : ""),
            _ => Rule.Kind.YamlName(),
        };
        return $"{Rule.Name}: {Rule.Column} = {Display(v, row)}, expected {expect}";
    }

    /// <summary>The checked value of a row as text (null for expression rules, which check several columns).</summary>
    public string? Value(BatchColumns columns, int row)
        => _expression is not null ? null : Rule.Kind == RuleKind.NotNull ? "null" : Display(columns.Column(_column), row);

    private static string Num(double? d) => d!.Value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Display(Vec v, int i) => v.IsNull(i) ? "null" : v.Kind switch
    {
        ValueKind.Number => v.Numbers![i].ToString("R", CultureInfo.InvariantCulture),
        ValueKind.String => "'" + v.Strings![i] + "'",
        ValueKind.Bool => v.Bools![i] ? "true" : "false",
        ValueKind.Time => DateTime.UnixEpoch.AddTicks(v.Times![i] * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => "null",
    };
}

/// <summary>The <c>shape:</c> checks. Email and phone are pragmatic patterns, not full RFC grammars.</summary>
internal static class Shapes
{
    private const string EmailPattern = @"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$";
    private const string UuidPattern = @"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    private static readonly Regex Email = new(EmailPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Regex Uuid = new(UuidPattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Regex Phone = new(@"^\+?[0-9 ()./-]{7,20}$", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Lazy<Utf8Regex> EmailUtf8 = new(() => new Utf8Regex(EmailPattern));
    private static readonly Lazy<Utf8Regex> UuidUtf8 = new(() => new Utf8Regex(UuidPattern));

    /// <summary>The byte-level matcher of a shape that is a regex alone (email, uuid); null for the shapes that
    /// check more than a pattern (phone counts digits, ip and url parse).</summary>
    public static Utf8Regex? Pattern(string shape) => shape switch
    {
        "email" => EmailUtf8.Value,
        "uuid" => UuidUtf8.Value,
        _ => null,
    };

    public static Func<Vec, int, bool> For(string shape) => shape switch
    {
        "email" => static (v, i) => Email.IsMatch(v.Strings![i]!),
        "uuid" => static (v, i) => Uuid.IsMatch(v.Strings![i]!),
        "phone" => static (v, i) => Phone.IsMatch(v.Strings![i]!) && v.Strings![i]!.Count(char.IsDigit) >= 7,
        "ip" => static (v, i) => IPAddress.TryParse(v.Strings![i]!, out _) && (v.Strings![i]!.Contains(':') || v.Strings![i]!.Count(c => c == '.') == 3),
        _ => static (v, i) => Uri.TryCreate(v.Strings![i]!, UriKind.Absolute, out var u) && (u.Scheme is "http" or "https" or "ftp") && u.Host.Length > 0,
    };
}
