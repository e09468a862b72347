using Apache.Arrow.Types;

namespace Pipeline.IO.Sources.Json;

/// <summary>The JSON type lattice: null → bool | int64 → double → string. Bool and numbers meet at string.</summary>
internal static class JsonColumnTypes
{
    /// <summary>The narrowest kind that holds both.</summary>
    public static JsonKind Widen(JsonKind a, JsonKind b)
    {
        if (a == JsonKind.Null) return b;
        if (b == JsonKind.Null || a == b) return a;
        if ((a, b) is (JsonKind.Int, JsonKind.Double) or (JsonKind.Double, JsonKind.Int)) return JsonKind.Double;
        return JsonKind.String;
    }

    /// <summary>True when a value of kind <paramref name="value"/> can be stored in a column of kind <paramref name="column"/>.</summary>
    public static bool Fits(JsonKind value, JsonKind column) => value == JsonKind.Null || Widen(column, value) == column;

    /// <summary>The Arrow type of a column kind (a column that only ever saw nulls is a nullable string).</summary>
    public static IArrowType ToArrow(JsonKind kind) => kind switch
    {
        JsonKind.Bool => BooleanType.Default,
        JsonKind.Int => Int64Type.Default,
        JsonKind.Double => DoubleType.Default,
        _ => StringType.Default,
    };

    /// <summary>The type name used in <c>JsonReadOptions.ColumnTypes</c>.</summary>
    public static string Name(JsonKind kind) => kind switch
    {
        JsonKind.Bool => "bool",
        JsonKind.Int => "int64",
        JsonKind.Double => "double",
        _ => "string",
    };

    /// <summary>Parses a type name of <c>JsonReadOptions.ColumnTypes</c>; null when unknown.</summary>
    public static JsonKind? Parse(string name) => name switch
    {
        "bool" or "boolean" => JsonKind.Bool,
        "int64" or "int" or "integer" => JsonKind.Int,
        "double" or "float" or "number" => JsonKind.Double,
        "string" or "utf8" => JsonKind.String,
        _ => null,
    };
}
