using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Core.Errors;
using Pipeline.Core.Operators.Aggregate;

namespace Pipeline.Engine.Steps;

/// <summary>
/// Reads a measure of <c>aggregate.measures</c>: <c>count(*)</c>, <c>count(distinct x)</c>, <c>fn(x)</c>,
/// <c>quantile(x, 0.9)</c> or <c>string_agg(x, ', ')</c>, with DuckDB's function names. The argument may be an
/// expression (<c>sum(price * quantity)</c>); it is then computed as a hidden column before the group-by.
/// </summary>
public static partial class MeasureText
{
    private static readonly Dictionary<string, MeasureFunction> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["count"] = MeasureFunction.Count,
        ["sum"] = MeasureFunction.Sum,
        ["avg"] = MeasureFunction.Avg,
        ["mean"] = MeasureFunction.Avg,
        ["min"] = MeasureFunction.Min,
        ["max"] = MeasureFunction.Max,
        ["stddev"] = MeasureFunction.StdDev,
        ["stddev_samp"] = MeasureFunction.StdDev,
        ["var"] = MeasureFunction.Variance,
        ["variance"] = MeasureFunction.Variance,
        ["var_samp"] = MeasureFunction.Variance,
        ["quantile"] = MeasureFunction.Quantile,
        ["quantile_disc"] = MeasureFunction.Quantile,
        ["median"] = MeasureFunction.Median,
        ["mode"] = MeasureFunction.Mode,
        ["first"] = MeasureFunction.First,
        ["last"] = MeasureFunction.Last,
        ["any_value"] = MeasureFunction.AnyValue,
        ["arbitrary"] = MeasureFunction.AnyValue,
        ["string_agg"] = MeasureFunction.StringAgg,
    };

    /// <summary>The known function names, for messages.</summary>
    public static IEnumerable<string> Names => Functions.Keys;

    /// <summary>A parsed measure: the aggregate, and the expression its argument needs computed first (null when the
    /// argument is a plain column or <c>*</c>).</summary>
    /// <param name="Measure">The aggregate over a column (a hidden column for an expression argument).</param>
    /// <param name="Expression">The argument's expression when it is not a plain column.</param>
    public sealed record Parsed(AggregateMeasure Measure, string? Expression);

    /// <summary>Parses measure <paramref name="text"/> named <paramref name="name"/>; <paramref name="hidden"/> names
    /// the column an expression argument is computed into.</summary>
    /// <exception cref="PipelineException">The text is not a known aggregate call.</exception>
    public static Parsed Parse(string name, string text, string hidden)
    {
        var match = Call().Match(text);
        if (!match.Success)
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"measure '{name}': \"{text}\" is not an aggregate call such as sum(amount), count(*) or quantile(x, 0.9)");
        var function = match.Groups["fn"].Value;
        if (!Functions.TryGetValue(function, out var kind))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"measure '{name}': unknown aggregate '{function}'"
                + (Yaml.YamlNodes.Suggest(function.ToLowerInvariant(), Functions.Keys) is { } s ? $" (did you mean '{s}'?)" : $" (known: {string.Join(", ", Functions.Keys)})"));
        var args = SplitArguments(match.Groups["args"].Value);
        bool distinct = false;
        if (args.Count > 0 && DistinctPrefix().Match(args[0]) is { Success: true } d)
        {
            distinct = true;
            args[0] = args[0][d.Length..].Trim();
        }
        if (kind == MeasureFunction.Count && args is ["*"] && !distinct) return new Parsed(new AggregateMeasure(name, MeasureFunction.CountRows), null);
        if (distinct && kind != MeasureFunction.Count)
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"measure '{name}': distinct is supported in count(distinct x) only");
        if (distinct) kind = MeasureFunction.CountDistinct;
        int expected = kind is MeasureFunction.Quantile ? 2 : kind is MeasureFunction.StringAgg ? (args.Count == 1 ? 1 : 2) : 1;
        if (args.Count != expected || args[0].Length == 0 || args[0] == "*")
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"measure '{name}': {function}() takes {(expected == 2 ? "a column and a " + (kind == MeasureFunction.Quantile ? "fraction" : "separator") : "one column")}");
        double q = 0.5;
        string separator = ",";
        if (kind == MeasureFunction.Quantile
            && (!double.TryParse(args[1], NumberStyles.Float, CultureInfo.InvariantCulture, out q) || q is < 0 or > 1))
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"measure '{name}': the quantile must be a number from 0 to 1, not '{args[1]}'");
        if (kind == MeasureFunction.StringAgg && args.Count == 2)
        {
            if (args[1].Length < 2 || args[1][0] != '\'' || args[1][^1] != '\'')
                throw new PipelineException(PipelineErrorKind.InvalidInput, $"measure '{name}': the separator of string_agg must be a quoted string such as ', '");
            separator = args[1][1..^1].Replace("''", "'", StringComparison.Ordinal);
        }
        var argument = args[0];
        bool plain = PlainColumn().IsMatch(argument) || (argument.Length > 2 && argument[0] == '"' && argument[^1] == '"');
        var column = plain ? argument.Trim('"') : hidden;
        return new Parsed(new AggregateMeasure(name, kind, column, q, separator), plain ? null : argument);
    }

    /// <summary>Splits on top-level commas (not inside parentheses or quotes).</summary>
    private static List<string> SplitArguments(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0)
            {
                parts.Add(text[start..i].Trim());
                start = i + 1;
            }
        }
        var last = text[start..].Trim();
        if (last.Length > 0 || parts.Count > 0) parts.Add(last);
        return parts;
    }

    [GeneratedRegex(@"^\s*(?<fn>[A-Za-z_][A-Za-z0-9_]*)\s*\((?<args>.*)\)\s*$", RegexOptions.Singleline)]
    private static partial Regex Call();

    [GeneratedRegex(@"^distinct\s+", RegexOptions.IgnoreCase)]
    private static partial Regex DistinctPrefix();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex PlainColumn();
}
