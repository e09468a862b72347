using Apache.Arrow.Types;

namespace Pipeline.Databases.Arrow;

/// <summary>The Arrow column types database sources produce.</summary>
internal enum ColumnKind
{
    Boolean, Int16, Int32, Int64, Float32, Float64, Decimal, Utf8, Binary, Date, Timestamp, TimestampTz, Time,
}

/// <summary>One result column: its name, the Arrow type it becomes, and the decimal precision and scale when it is one.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Kind">Arrow type family.</param>
/// <param name="Precision">Decimal precision (digits), for <see cref="ColumnKind.Decimal"/>.</param>
/// <param name="Scale">Decimal scale (digits after the point), for <see cref="ColumnKind.Decimal"/>.</param>
internal sealed record ColumnPlan(string Name, ColumnKind Kind, int Precision = 0, int Scale = 0)
{
    /// <summary>The Arrow type: timestamps are microseconds (what PostgreSQL and DuckDB store); zoned ones are UTC.</summary>
    public IArrowType ArrowType => Kind switch
    {
        ColumnKind.Boolean => BooleanType.Default,
        ColumnKind.Int16 => Int16Type.Default,
        ColumnKind.Int32 => Int32Type.Default,
        ColumnKind.Int64 => Int64Type.Default,
        ColumnKind.Float32 => FloatType.Default,
        ColumnKind.Float64 => DoubleType.Default,
        ColumnKind.Decimal => new Decimal128Type(Precision, Scale),
        ColumnKind.Utf8 => StringType.Default,
        ColumnKind.Binary => BinaryType.Default,
        ColumnKind.Date => Date32Type.Default,
        ColumnKind.Timestamp => new TimestampType(TimeUnit.Microsecond, (string?)null),
        ColumnKind.TimestampTz => new TimestampType(TimeUnit.Microsecond, "UTC"),
        ColumnKind.Time => new Time64Type(TimeUnit.Microsecond),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };
}
