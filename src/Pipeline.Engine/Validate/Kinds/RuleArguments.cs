using System.Text.RegularExpressions;
using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds;

/// <summary>The argument shapes rule kinds share, read with located errors: a flag, a bound, a pair, a fraction,
/// lists, an expression, a reference table.</summary>
internal static class RuleArguments
{
    /// <summary><c>kind: true</c>; <c>false</c> is refused, as it would check nothing.</summary>
    public static Rule Flag(YamlNodes y, Rule rule, YamlNode value, string what)
    {
        if (!y.Bool(value, what)) throw y.Error(value, $"'{what}: false' checks nothing; remove the rule");
        return rule;
    }

    /// <summary>One number into <see cref="Rule.Low"/>.</summary>
    public static Rule Bound(YamlNodes y, Rule rule, YamlNode value, string what) => rule with { Low = y.Double(value, what) };

    /// <summary>A fraction between 0 and 1 into <see cref="Rule.Low"/>.</summary>
    public static Rule Fraction(YamlNodes y, Rule rule, YamlNode value, string what)
    {
        var f = y.Double(value, what);
        if (f is < 0 or > 1) throw y.Error(value, $"{what} is a fraction between 0 and 1");
        return rule with { Low = f };
    }

    /// <summary><c>[low, high]</c> into <see cref="Rule.Low"/> and <see cref="Rule.High"/>.</summary>
    public static Rule Pair(YamlNodes y, Rule rule, YamlNode value, string what)
    {
        if (value is not YamlSequenceNode { Children.Count: 2 } pair) throw y.Error(value, $"{what} must be a pair [low, high]");
        double lo = y.Double(pair.Children[0], what + " low"), hi = y.Double(pair.Children[1], what + " high");
        if (lo > hi) throw y.Error(value, $"{what}: low {lo} is above high {hi}");
        return rule with { Low = lo, High = hi };
    }

    /// <summary>A list of values into <see cref="Rule.Values"/>.</summary>
    public static Rule Values(YamlNodes y, Rule rule, YamlNode value, string what)
    {
        if (value is not YamlSequenceNode) throw y.Error(value, $"{what} must be a list, e.g. [a, b]");
        return rule with { Values = y.StringList(value, what) };
    }

    /// <summary>A non-empty list of distinct column names into <see cref="Rule.Columns"/>.</summary>
    public static Rule ColumnList(YamlNodes y, Rule rule, YamlNode value, string what)
    {
        if (value is not YamlSequenceNode) throw y.Error(value, $"{what} must be a list of column names, e.g. [a, b]");
        var columns = y.StringList(value, what);
        if (columns.Count == 0) throw y.Error(value, $"{what} needs at least one column");
        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count) throw y.Error(value, $"{what} lists a column twice");
        return rule with { Columns = columns };
    }

    /// <summary>A .NET regular expression, compiled now so a bad one points at its YAML line.</summary>
    public static string Pattern(YamlNodes y, YamlNode value, string what)
    {
        var pattern = y.Scalar(value, what);
        try { _ = new Regex(pattern, RegexOptions.CultureInvariant); }
        catch (ArgumentException ex) { throw y.Error(value, $"invalid regex: {ex.Message}"); }
        return pattern;
    }

    /// <summary>Parses the expression now so syntax errors point at the YAML line, plus the position inside the text.</summary>
    public static string Expression(YamlNodes y, YamlNode value, string what)
    {
        var text = y.Scalar(value, what);
        try { ExpressionParser.Parse(text); }
        catch (ExpressionException ex) { throw y.Error(value, $"{what} \"{text}\": {ex.Message} at character {ex.Position}"); }
        return text;
    }

    /// <summary>A reference table: <c>{path: customers.parquet, column: id, format: parquet}</c> (or just the path
    /// when no column is needed); a relative path is resolved against the rules file's folder.</summary>
    public static RuleReference Reference(YamlNodes y, YamlNode value, string what, bool needsColumn)
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

    /// <summary>A reference table as flow YAML.</summary>
    public static string WriteReference(RuleReference reference)
    {
        var parts = new List<string> { "path: " + RuleText.Quote(reference.Path) };
        if (reference.Column is not null) parts.Add("column: " + RuleText.Quote(reference.Column));
        if (reference.Format is not null) parts.Add("format: " + RuleText.Quote(reference.Format));
        return "{" + string.Join(", ", parts) + "}";
    }
}
