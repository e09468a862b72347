using Apache.Arrow;
using Pipeline.Core.Errors;
using Pipeline.Engine.Expressions;
using Pipeline.Engine.Expressions.Syntax;
using Pipeline.Engine.Validate.Expressions;

namespace Pipeline.Engine.Validate.Evaluation.Rows;

/// <summary>What a row kind binds a rule with: the schema, the run's start, the loaded reference tables, and the
/// errors every kind words the same way (with the rule's YAML location).</summary>
internal sealed class RowBinding(Rule rule, Schema schema, DateTimeOffset now, ReferenceData references)
{
    /// <summary>The rule being bound.</summary>
    public Rule Rule => rule;
    /// <summary>The batches' schema.</summary>
    public Schema Schema => schema;
    /// <summary>The run's start (<c>not_future</c>).</summary>
    public DateTimeOffset Now => now;
    /// <summary>The reference tables loaded before the run (<c>exists_in</c>).</summary>
    public ReferenceData References => references;
    /// <summary>How errors name the rule: <c>FILE:LINE:COLUMN: rule 'NAME'</c>.</summary>
    public string Where { get; } = $"{(rule.Location is null ? "" : rule.Location + ": ")}rule '{rule.Name}'";

    /// <summary>The index of the rule's column; an unknown column throws with a "did you mean".</summary>
    public int ColumnIndex() => RowCheck.ColumnIndex(rule, schema, Where);

    /// <summary>The value kind of column <paramref name="index"/> (null: rules cannot compute with its type).</summary>
    public ValueKind? KindOf(int index) => ColumnLoader.KindOf(schema.GetFieldByIndex(index).DataType);

    /// <summary>Binds a condition (true/false/null) with the step expression engine (the whole function library),
    /// so rules and derived columns read one language.</summary>
    public ScalarExpression Condition(string text, string what) => Bind(() => ScalarExpression.BindPredicate(text, schema), what);

    /// <summary>Binds a rule's numeric comparison value (<c>column_equals</c>) with the rule binder, whose numbers are doubles.</summary>
    public BoundExpr Number(string text, string what) => Bind(() => ExpressionBinder.Bind(ExpressionParser.Parse(text), schema), what);

    private static T Bind<T>(Func<T> bind, string what)
    {
        try
        {
            return bind();
        }
        catch (ExpressionException ex)
        {
            throw new PipelineException(PipelineErrorKind.InvalidInput, $"{what}: {ex.Message} at character {ex.Position}");
        }
    }

    /// <summary>The error for a column of the wrong type, with the CSV type that would fix it.</summary>
    public PipelineException Needs(string what, ValueKind? kind) => new(PipelineErrorKind.InvalidInput,
        $"{Where}: '{rule.Kind.YamlName()}' needs {what}, but column '{rule.Column}' is {(kind is { } k ? ExpressionBinder.Name(k) : "of an unsupported type")}" +
        $" (a CSV column's type is inferred from its values: fix it with --types {rule.Column}={SuggestedType(what)} or csv.types in the spec, and values that do not fit are quarantined with their line)");

    /// <summary>The CSV type a rule needing <paramref name="what"/> should fix its column to.</summary>
    private static string SuggestedType(string what) => what switch
    {
        _ when what.Contains("number", StringComparison.Ordinal) => "double",
        _ when what.Contains("date", StringComparison.Ordinal) => "timestamp",
        _ => "string",
    };
}
