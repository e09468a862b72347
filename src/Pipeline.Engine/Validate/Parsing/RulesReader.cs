using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Yaml;
using System.Text.RegularExpressions;
using Pipeline.Core.Errors;
using Pipeline.Engine.Validate.Expressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Parsing;

/// <summary>
/// Reads rules from YAML: the <c>rules:</c> list of a pipeline spec, or a standalone rules file (either
/// <c>rules: [...]</c> or the bare list). Each rule is a mapping with exactly one kind key (documented in
/// <c>docs/spec.md</c>); mistakes are reported as <c>FILE:LINE:COLUMN</c> with a "did you mean".
/// </summary>
public static class RulesReader
{
    private static readonly string[] CommonKeys = ["name", "column", "severity", "on_fail", "filter", "when", "exclusive", "tolerance", "quantile"];
    private static readonly string[] Shapes = ["email", "url", "uuid", "ip", "phone"];

    /// <summary>Reads a standalone rules file.</summary>
    /// <exception cref="PipelineException">The file is missing or invalid.</exception>
    public static RuleSet ReadFile(string path)
    {
        if (!File.Exists(path)) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{path}: rules file not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses rules text; <paramref name="file"/> names it in messages.</summary>
    public static RuleSet Parse(string yaml, string file)
    {
        var y = new YamlNodes(file);
        var stream = YamlDocuments.Load(yaml, file);
        if (stream.Documents.Count == 0) throw new PipelineException(PipelineErrorKind.InvalidInput, $"{file}: the rules file is empty");
        var root = stream.Documents[0].RootNode;
        if (root is YamlMappingNode map)
        {
            YamlNode? list = null;
            foreach (var (_, value) in y.Entries(map, "the rules file", "rules")) list = value;
            return Read(y, list!);
        }
        return Read(y, root);
    }

    /// <summary>Reads a <c>rules:</c> list node.</summary>
    internal static RuleSet Read(YamlNodes y, YamlNode node)
    {
        if (node is not YamlSequenceNode seq) throw y.Error(node, "rules must be a list (each item a rule mapping)");
        return new RuleSet(seq.Children.Select(c => ReadRule(y, c)));
    }

    private static Rule ReadRule(YamlNodes y, YamlNode node)
    {
        var map = y.Mapping(node, "a rule");
        var known = CommonKeys.Concat(RuleKinds.AllYamlNames).ToArray();
        string? name = null, column = null, filter = null;
        var severity = RuleSeverity.Error;
        RuleAction? onFail = null;
        bool exclusive = false;
        double tolerance = 0;
        double? quantile = null;
        (RuleKind Kind, YamlNode Value, YamlNode Key)? kind = null;
        foreach (var (k, v) in map.Children)
        {
            var key = y.Scalar(k, "key");
            if (!known.Contains(key))
            {
                var hint = YamlNodes.Suggest(key, known);
                throw y.Error(k, $"unknown rule key '{key}'" + (hint is null ? $" (rule kinds: {string.Join(", ", RuleKinds.AllYamlNames)})" : $" (did you mean '{hint}'?)"));
            }
            switch (key)
            {
                case "name": name = y.Scalar(v, "rule name"); break;
                case "column": column = y.Scalar(v, "column"); break;
                case "filter" or "when":
                    if (filter is not null) throw y.Error(k, "'filter' and 'when' are the same condition; give one");
                    filter = CheckExpression(y, v, key);
                    break;
                case "tolerance":
                    tolerance = y.Double(v, "tolerance");
                    if (tolerance < 0) throw y.Error(v, "tolerance must not be negative");
                    break;
                case "quantile":
                    quantile = y.Double(v, "quantile");
                    if (quantile is < 0 or > 1) throw y.Error(v, "quantile is a fraction between 0 and 1 (0.5 = median)");
                    break;
                case "exclusive": exclusive = y.Bool(v, "exclusive"); break;
                case "severity":
                    severity = y.Scalar(v, "severity") switch
                    {
                        "error" => RuleSeverity.Error,
                        "warn" or "warning" => RuleSeverity.Warn,
                        var s => throw y.Error(v, $"severity must be 'error' or 'warn', not '{s}'"),
                    };
                    break;
                case "on_fail":
                    onFail = y.Scalar(v, "on_fail") switch
                    {
                        "quarantine" => RuleAction.Quarantine,
                        "drop" => RuleAction.Drop,
                        "keep" => RuleAction.Keep,
                        var s => throw y.Error(v, $"on_fail must be 'quarantine', 'drop' or 'keep', not '{s}'"),
                    };
                    break;
                default:
                    if (kind is { } first) throw y.Error(k, $"a rule has one kind, but this one has '{first.Kind.YamlName()}' and '{key}' (split it into two rules)");
                    kind = (RuleKinds.FromYamlName(key)!.Value, v, k);
                    break;
            }
        }
        if (kind is not { } found) throw y.Error(map, $"the rule has no kind (one of: {string.Join(", ", RuleKinds.AllYamlNames)})");
        if (found.Kind.NeedsColumn() && column is null) throw y.Error(map, $"'{found.Kind.YamlName()}' needs 'column:'");
        if (!found.Kind.NeedsColumn() && column is not null) throw y.Error(map, $"'{found.Kind.YamlName()}' does not take 'column:'" +
            (found.Kind is RuleKind.UniqueTogether or RuleKind.PrimaryKey ? " (its value is the list of key columns)" : ""));
        if (exclusive && found.Kind != RuleKind.Between) throw y.Error(map, "'exclusive' only applies to 'between'");
        if (found.Kind == RuleKind.Conditional && filter is null) throw y.Error(map, "'then' needs 'when: \"<condition>\"'");
        if (found.Kind == RuleKind.QuantileBetween && quantile is null) throw y.Error(map, "'quantile_between' needs 'quantile: q' (0..1)");
        if (found.Kind != RuleKind.QuantileBetween && quantile is not null) throw y.Error(map, "'quantile' only applies to 'quantile_between'");
        if (found.Kind != RuleKind.ColumnEquals && tolerance != 0) throw y.Error(map, "'tolerance' only applies to 'column_equals'");
        if (found.Kind.Scope() != RuleScope.Row && (filter is not null || onFail is not null))
            throw y.Error(map, $"'{found.Kind.YamlName()}' is a table or schema rule: 'filter' and 'on_fail' only apply to row rules");
        var rule = Arguments(y, new Rule
        {
            Name = name ?? (column is null ? found.Kind.YamlName() : $"{column}_{found.Kind.YamlName()}"),
            Kind = found.Kind, Column = column, Severity = severity, OnFail = onFail, Filter = filter, Exclusive = exclusive,
            Tolerance = tolerance, Quantile = quantile,
            Location = y.Location(map),
        }, found.Value);
        return rule;
    }

    private static Rule Arguments(YamlNodes y, Rule rule, YamlNode value)
    {
        string what = rule.Kind.YamlName();
        switch (rule.Kind)
        {
            case RuleKind.NotNull or RuleKind.Unique or RuleKind.NonNegative or RuleKind.Positive or RuleKind.NotFuture or RuleKind.ColumnExists:
                if (!y.Bool(value, what)) throw y.Error(value, $"'{what}: false' checks nothing; remove the rule");
                return rule;
            case RuleKind.GreaterThan or RuleKind.GreaterOrEqual or RuleKind.LessThan or RuleKind.LessOrEqual:
                return rule with { Low = y.Double(value, what) };
            case RuleKind.CompletenessAtLeast or RuleKind.NullFractionAtMost:
            {
                var f = y.Double(value, what);
                if (f is < 0 or > 1) throw y.Error(value, $"{what} is a fraction between 0 and 1");
                return rule with { Low = f };
            }
            case RuleKind.Between or RuleKind.LengthBetween or RuleKind.RowCountBetween or RuleKind.MinBetween or RuleKind.MaxBetween or RuleKind.MeanBetween
                or RuleKind.SumBetween or RuleKind.StddevBetween or RuleKind.QuantileBetween or RuleKind.DistinctCountBetween or RuleKind.UniqueRatioBetween:
            {
                if (value is not YamlSequenceNode { Children.Count: 2 } pair) throw y.Error(value, $"{what} must be a pair [low, high]");
                double lo = y.Double(pair.Children[0], what + " low"), hi = y.Double(pair.Children[1], what + " high");
                if (lo > hi) throw y.Error(value, $"{what}: low {lo} is above high {hi}");
                return rule with { Low = lo, High = hi };
            }
            case RuleKind.InSet or RuleKind.NotInSet:
                if (value is not YamlSequenceNode) throw y.Error(value, $"{what} must be a list, e.g. [a, b]");
                return rule with { Values = y.StringList(value, what) };
            case RuleKind.Regex:
            {
                var pattern = y.Scalar(value, what);
                try { _ = new Regex(pattern, RegexOptions.CultureInvariant); }
                catch (ArgumentException ex) { throw y.Error(value, $"invalid regex: {ex.Message}"); }
                return rule with { Text = pattern };
            }
            case RuleKind.Shape:
            {
                var shape = y.Scalar(value, what);
                if (!Shapes.Contains(shape))
                    throw y.Error(value, $"unknown shape '{shape}'" + (YamlNodes.Suggest(shape, Shapes) is { } s ? $" (did you mean '{s}'?)" : $" (known: {string.Join(", ", Shapes)})"));
                return rule with { Text = shape };
            }
            case RuleKind.Expression or RuleKind.Conditional or RuleKind.ColumnEquals:
                return rule with { Text = CheckExpression(y, value, what) };
            case RuleKind.Format:
            {
                var format = y.Scalar(value, what);
                try { _ = StrftimeFormat.ToDotNet(format); }
                catch (FormatException ex) { throw y.Error(value, ex.Message); }
                return rule with { Text = format };
            }
            case RuleKind.UniqueTogether or RuleKind.PrimaryKey or RuleKind.ColumnsMatchSet or RuleKind.ColumnsMatchList or RuleKind.NoUnexpectedColumns:
            {
                if (value is not YamlSequenceNode) throw y.Error(value, $"{what} must be a list of column names, e.g. [a, b]");
                var columns = y.StringList(value, what);
                if (columns.Count == 0) throw y.Error(value, $"{what} needs at least one column");
                if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count) throw y.Error(value, $"{what} lists a column twice");
                return rule with { Columns = columns };
            }
            case RuleKind.FreshWithin:
            {
                var text = y.Scalar(value, what);
                var span = Durations.TryParse(text) ?? throw y.Error(value, $"'{text}' is not a duration (e.g. 90s, 30m, 24h, 7d, 2w, 1d12h)");
                return rule with { Low = span.TotalSeconds, Text = text };
            }
            case RuleKind.ExistsIn or RuleKind.RowCountEquals:
                return rule with { Reference = ReadReference(y, value, what, needsColumn: rule.Kind == RuleKind.ExistsIn) };
            default:
                return rule with { Text = y.Scalar(value, what) };
        }
    }

    /// <summary>A reference table: <c>{path: customers.parquet, column: id, format: parquet}</c> (or just the path for
    /// <c>row_count_equals</c>); a relative path is resolved against the rules file's folder.</summary>
    private static RuleReference ReadReference(YamlNodes y, YamlNode value, string what, bool needsColumn)
    {
        string? path = null, column = null, format = null;
        if (value is YamlScalarNode) path = y.Scalar(value, what);
        else
        {
            foreach (var (k, v) in y.Entries(y.Mapping(value, what), what, "path", "column", "format"))
            {
                switch (k)
                {
                    case "path": path = y.Scalar(v, "path"); break;
                    case "column": column = y.Scalar(v, "column"); break;
                    default: format = y.Scalar(v, "format"); break;
                }
            }
        }
        if (path is null) throw y.Error(value, $"{what} needs 'path:'");
        if (needsColumn && column is null) throw y.Error(value, $"{what} needs 'column:' (the column of the other table to look values up in)");
        if (!needsColumn && column is not null) throw y.Error(value, $"{what} takes no 'column:'");
        if (!Path.IsPathRooted(path) && !path.Contains("://", StringComparison.Ordinal))
        {
            string folder = File.Exists(y.File) ? Path.GetDirectoryName(Path.GetFullPath(y.File))! : Directory.GetCurrentDirectory();
            path = Path.GetFullPath(Path.Combine(folder, path));
        }
        return new RuleReference(path, column, format);
    }

    /// <summary>Parses the expression now so syntax errors point at the YAML line, plus the position inside the text.</summary>
    private static string CheckExpression(YamlNodes y, YamlNode value, string what)
    {
        var text = y.Scalar(value, what);
        try { ExpressionParser.Parse(text); }
        catch (ExpressionException ex) { throw y.Error(value, $"{what} \"{text}\": {ex.Message} at character {ex.Position}"); }
        return text;
    }
}
