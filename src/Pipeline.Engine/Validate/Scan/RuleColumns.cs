using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Scan;

/// <summary>The columns a rule reads: its column, its key columns, and every column named in its expression, its
/// <c>column_equals</c> right side and its filter.</summary>
internal static class RuleColumns
{
    public static IEnumerable<string> Of(Rule rule)
    {
        foreach (var c in rule.KeyColumns) yield return c;
        if (rule.Filter is { } filter)
            foreach (var c in Named(filter)) yield return c;
        if (Kinds.RuleKindRegistry.Of(rule.Kind).TextIsExpression && rule.Text is { } text)
            foreach (var c in Named(text)) yield return c;
    }

    private static IEnumerable<string> Named(string expression)
    {
        var found = new List<string>();
        Walk(ExpressionParser.Parse(expression), found);
        return found;
    }

    private static void Walk(Expr e, List<string> found)
    {
        if (e is ColumnExpr c) found.Add(c.Name);
        foreach (var child in e.Children) Walk(child, found);
    }
}
