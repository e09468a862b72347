using Apache.Arrow.Types;
using Pipeline.Kernels.Aggregates;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>Which statistics a column gets.</summary>
public enum ColumnKind
{
    /// <summary>Integers, floats, decimals.</summary>
    Numeric,
    /// <summary>Text.</summary>
    String,
    /// <summary>true / false.</summary>
    Boolean,
    /// <summary>Dates and timestamps.</summary>
    DateTime,
    /// <summary>Anything else (binary, nested): counts, nulls and distinct only.</summary>
    Other,
}

/// <summary>Maps Arrow types to <see cref="ColumnKind"/>.</summary>
public static class ColumnKinds
{
    /// <summary>The kind of a column of this type (dictionaries by their value type).</summary>
    public static ColumnKind Of(IArrowType type) => type switch
    {
        DictionaryType d => Of(d.ValueType),
        StringType or LargeStringType or StringViewType => ColumnKind.String,
        BooleanType => ColumnKind.Boolean,
        Date32Type or Date64Type or TimestampType => ColumnKind.DateTime,
        _ when ArrowMoments.IsNumeric(type) => ColumnKind.Numeric,
        _ => ColumnKind.Other,
    };

    /// <summary>The lower-case name written to profile.json.</summary>
    public static string Name(ColumnKind kind) => kind switch
    {
        ColumnKind.Numeric => "numeric",
        ColumnKind.String => "string",
        ColumnKind.Boolean => "boolean",
        ColumnKind.DateTime => "datetime",
        _ => "other",
    };
}
