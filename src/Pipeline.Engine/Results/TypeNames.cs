using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Engine.Results;

/// <summary>Short, stable names for Arrow types as written in results and printed by <c>pipeline schema</c>.</summary>
public static class TypeNames
{
    /// <summary>A type's name, e.g. <c>int64</c>, <c>utf8</c>, <c>timestamp[us, UTC]</c>, <c>list&lt;int32&gt;</c>.</summary>
    public static string Describe(IArrowType type) => type switch
    {
        TimestampType t => $"timestamp[{Unit(t.Unit)}{(string.IsNullOrEmpty(t.Timezone) ? "" : ", " + t.Timezone)}]",
        Time32Type t => $"time32[{Unit(t.Unit)}]",
        Time64Type t => $"time64[{Unit(t.Unit)}]",
        DurationType t => $"duration[{Unit(t.Unit)}]",
        Decimal128Type d => $"decimal128({d.Precision}, {d.Scale})",
        Decimal256Type d => $"decimal256({d.Precision}, {d.Scale})",
        FixedSizeBinaryType f => $"fixed_size_binary[{f.ByteWidth}]",
        DictionaryType d => $"dictionary<{Describe(d.IndexType)}, {Describe(d.ValueType)}>",
        ListType l => $"list<{Describe(l.ValueDataType)}>",
        LargeListType l => $"large_list<{Describe(l.ValueDataType)}>",
        FixedSizeListType l => $"fixed_size_list<{Describe(l.ValueDataType)}, {l.ListSize}>",
        MapType m => $"map<{Describe(m.KeyField.DataType)}, {Describe(m.ValueField.DataType)}>",
        StructType s => $"struct<{string.Join(", ", s.Fields.Select(f => f.Name + ": " + Describe(f.DataType)))}>",
        _ => type.Name,
    };

    private static string Unit(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => "s",
        TimeUnit.Millisecond => "ms",
        TimeUnit.Microsecond => "us",
        _ => "ns",
    };

    /// <summary>Describes a schema as <c>name: type</c> lines.</summary>
    public static IEnumerable<string> Describe(Schema schema)
        => schema.FieldsList.Select(f => $"{f.Name}: {Describe(f.DataType)}{(f.IsNullable ? "" : " not null")}");
}
