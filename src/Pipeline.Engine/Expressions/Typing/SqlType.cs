using Apache.Arrow.Types;

namespace Pipeline.Engine.Expressions.Typing;

/// <summary>A value type: its kind, a decimal's precision and scale, a timestamp's time zone (kept from the input
/// column, values are UTC microseconds either way).</summary>
internal readonly record struct SqlType(SqlKind Kind, int Precision = 0, int Scale = 0, string? TimeZone = null)
{
    /// <summary>Widest decimal Arrow's Decimal128 holds.</summary>
    public const int MaxDecimalPrecision = 38;

    /// <summary>Largest scale <see cref="System.Decimal"/> can carry, which evaluates decimals.</summary>
    public const int MaxDecimalScale = 28;

    public static readonly SqlType Null = new(SqlKind.Null);
    public static readonly SqlType Boolean = new(SqlKind.Boolean);
    public static readonly SqlType Int64 = new(SqlKind.Int64);
    public static readonly SqlType Double = new(SqlKind.Double);
    public static readonly SqlType String = new(SqlKind.String);
    public static readonly SqlType Date = new(SqlKind.Date);
    public static readonly SqlType Timestamp = new(SqlKind.Timestamp);

    /// <summary>A decimal type, its precision and scale clamped to what Arrow and <see cref="System.Decimal"/> hold.</summary>
    public static SqlType Decimal(int precision, int scale)
    {
        scale = Math.Clamp(scale, 0, MaxDecimalScale);
        return new SqlType(SqlKind.Decimal, Math.Clamp(Math.Max(precision, scale), 1, MaxDecimalPrecision), scale);
    }

    /// <summary>Integers seen as a decimal (for decimal arithmetic with an integer side): 19 digits hold every Int64.</summary>
    public static readonly SqlType IntegerAsDecimal = Decimal(19, 0);

    public bool IsNumeric => Kind is SqlKind.Int64 or SqlKind.Double or SqlKind.Decimal;
    public bool IsTemporal => Kind is SqlKind.Date or SqlKind.Timestamp;

    /// <summary>The Arrow type results of this type are written as.</summary>
    public IArrowType ToArrow() => Kind switch
    {
        SqlKind.Null => NullType.Default,
        SqlKind.Boolean => BooleanType.Default,
        SqlKind.Int64 => Int64Type.Default,
        SqlKind.Double => DoubleType.Default,
        SqlKind.Decimal => new Decimal128Type(Precision, Scale),
        SqlKind.String => StringType.Default,
        SqlKind.Date => Date32Type.Default,
        _ => new TimestampType(TimeUnit.Microsecond, TimeZone),
    };

    /// <summary>The SQL name, for messages.</summary>
    public override string ToString() => Kind switch
    {
        SqlKind.Null => "NULL",
        SqlKind.Boolean => "BOOLEAN",
        SqlKind.Int64 => "BIGINT",
        SqlKind.Double => "DOUBLE",
        SqlKind.Decimal => $"DECIMAL({Precision},{Scale})",
        SqlKind.String => "VARCHAR",
        SqlKind.Date => "DATE",
        _ => TimeZone is null ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE",
    };
}
