using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.IO.Sources;

/// <summary>A canonical text for a schema (names and types, recursively), used to check that several input files
/// can be read as one stream and to name both sides when they cannot.</summary>
internal static class SchemaDescription
{
    /// <summary>Describes every field as <c>name: type</c>, comma separated.</summary>
    public static string Describe(Schema schema) => string.Join(", ", schema.FieldsList.Select(Describe));

    /// <summary>Describes one field as <c>name: type</c>.</summary>
    public static string Describe(Field field) => $"{field.Name}: {Describe(field.DataType)}";

    /// <summary>Describes a type with its parameters (units, widths, precision, children).</summary>
    public static string Describe(IArrowType type) => type switch
    {
        TimestampType t => $"timestamp[{t.Unit}{(string.IsNullOrEmpty(t.Timezone) ? "" : ", " + t.Timezone)}]",
        Time32Type t => $"time32[{t.Unit}]",
        Time64Type t => $"time64[{t.Unit}]",
        DurationType t => $"duration[{t.Unit}]",
        Decimal128Type d => string.Create(CultureInfo.InvariantCulture, $"decimal128({d.Precision}, {d.Scale})"),
        Decimal256Type d => string.Create(CultureInfo.InvariantCulture, $"decimal256({d.Precision}, {d.Scale})"),
        FixedSizeBinaryType f => string.Create(CultureInfo.InvariantCulture, $"fixed_size_binary({f.ByteWidth})"),
        DictionaryType d => $"dictionary<{Describe(d.IndexType)}, {Describe(d.ValueType)}>",
        NestedType n => $"{n.Name}<{string.Join(", ", n.Fields.Select(Describe))}>",
        _ => type.Name,
    };
}
