namespace Pipeline.IO.Sources.Json;

/// <summary>The JSON kind of one value, ordered so that the widest kind a column has seen decides its type.</summary>
internal enum JsonKind : byte
{
    /// <summary>Absent or JSON null.</summary>
    Null,
    /// <summary>true / false.</summary>
    Bool,
    /// <summary>An integer that fits in 64 bits.</summary>
    Int,
    /// <summary>Any other number.</summary>
    Double,
    /// <summary>A string, an array or (when not flattened) an object, kept as text.</summary>
    String,
}

/// <summary>One parsed value of a JSON line. <see cref="Text"/> holds the string value, or the raw JSON text of a number,
/// array or object, so a column widened to string keeps exactly what the input said.</summary>
internal readonly record struct JsonCell(JsonKind Kind, long Int, double Double, bool Bool, string? Text);
