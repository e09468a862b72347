using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Engine.Results;
using Pipeline.Engine.Validate.Expressions;
using Pipeline.Engine.Yaml;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Engine.Validate.Kinds.SchemaKinds;

/// <summary><c>column_type: integer</c>: the column has a type, named exactly (<c>int64</c>, <c>utf8</c>) or by family
/// (<c>integer</c>, <c>number</c>, <c>string</c>, <c>bool</c>, <c>date</c>, <c>timestamp</c>, <c>decimal</c>).</summary>
internal sealed class ColumnTypeKind : SchemaRuleKind
{
    /// <inheritdoc />
    public override RuleKind Kind => RuleKind.ColumnType;

    /// <inheritdoc />
    public override Rule ReadArgument(YamlNodes y, Rule rule, YamlNode value) => rule with { Text = y.Scalar(value, YamlKey) };
    /// <inheritdoc />
    public override string WriteArgument(Rule rule) => RuleText.Quote(rule.Text!);

    /// <inheritdoc />
    public override (bool Passed, string? Message) Check(Rule rule, Schema? schema)
    {
        var field = schema?.GetFieldByName(rule.Column!);
        if (field is not null && Matches(field.DataType, rule.Text!)) return (true, null);
        return (false, field is null ? $"column '{rule.Column}' does not exist" : $"column '{rule.Column}' is {TypeNames.Describe(field.DataType)}, not {rule.Text}");
    }

    private static bool Matches(IArrowType type, string wanted)
    {
        var name = TypeNames.Describe(type);
        if (string.Equals(name, wanted, StringComparison.OrdinalIgnoreCase)) return true;
        return wanted.ToLowerInvariant() switch
        {
            "integer" or "int" => type is IntegerType,
            "number" or "numeric" => ColumnLoader.KindOf(type) == ValueKind.Number,
            "string" or "text" => ColumnLoader.KindOf(type) == ValueKind.String,
            "bool" or "boolean" => type is BooleanType,
            "date" => type is Date32Type or Date64Type,
            "timestamp" => type is TimestampType,
            "decimal" => type is Decimal128Type or Decimal256Type,
            "double" or "float64" => type is DoubleType,
            _ => false,
        };
    }
}
