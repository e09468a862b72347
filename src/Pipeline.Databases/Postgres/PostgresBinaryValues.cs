using System.Buffers.Binary;
using Pipeline.Core.Errors;
using Pipeline.Databases.Arrow;

namespace Pipeline.Databases.Postgres;

/// <summary>Appends one non-null field of a binary COPY row (its raw bytes) to a column builder.</summary>
internal delegate void BinaryValueReader(ReadOnlySpan<byte> value);

/// <summary>
/// Decodes PostgreSQL's binary wire format straight into Arrow buffers: big-endian integers and floats, UTF-8 text
/// copied as is (no .NET string in between), dates as days and timestamps and times as microseconds since
/// 2000-01-01, numerics from their base-10000 digits into scaled 128-bit integers. This is what makes the COPY source
/// keep up with <c>psql</c>: per value it does a byte swap or a copy, where a general driver would box or allocate.
/// </summary>
internal static class PostgresBinaryValues
{
    /// <summary>Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.</summary>
    private const int EpochDays = 10_957;

    /// <summary>Microseconds from 1970-01-01 to 2000-01-01.</summary>
    private const long EpochMicros = 946_684_800_000_000L;

    /// <summary>The reader for a planned column.</summary>
    public static BinaryValueReader For(ColumnPlan plan, ColumnBuilder builder) => (plan.Kind, builder) switch
    {
        (ColumnKind.Boolean, BooleanColumn b) => v => b.Append(v[0] != 0),
        (ColumnKind.Int16, FixedWidthColumn<short> c) => v => c.Append(BinaryPrimitives.ReadInt16BigEndian(v)),
        (ColumnKind.Int32, FixedWidthColumn<int> c) => v => c.Append(BinaryPrimitives.ReadInt32BigEndian(v)),
        (ColumnKind.Int64, FixedWidthColumn<long> c) => v => c.Append(BinaryPrimitives.ReadInt64BigEndian(v)),
        (ColumnKind.Float32, FixedWidthColumn<float> c) => v => c.Append(BinaryPrimitives.ReadSingleBigEndian(v)),
        (ColumnKind.Float64, FixedWidthColumn<double> c) => v => c.Append(BinaryPrimitives.ReadDoubleBigEndian(v)),
        (ColumnKind.Decimal, DecimalColumn c) => v => c.AppendUnscaled(Numeric(v, c.Scale, plan.Name)),
        (ColumnKind.Utf8 or ColumnKind.Binary, BinaryColumn c) => v => c.Append(v),
        (ColumnKind.Date, FixedWidthColumn<int> c) => v => c.Append(Date(v, plan.Name)),
        (ColumnKind.Timestamp or ColumnKind.TimestampTz, FixedWidthColumn<long> c) => v => c.Append(Timestamp(v, plan.Name)),
        (ColumnKind.Time, FixedWidthColumn<long> c) => v => c.Append(BinaryPrimitives.ReadInt64BigEndian(v)),
        _ => throw new PipelineException(PipelineErrorKind.Internal, $"no binary reader for column '{plan.Name}' of kind {plan.Kind}"),
    };

    private static int Date(ReadOnlySpan<byte> value, string column)
    {
        int days = BinaryPrimitives.ReadInt32BigEndian(value);
        if (days is int.MaxValue or int.MinValue) throw Infinite(column);
        return days + EpochDays;
    }

    private static long Timestamp(ReadOnlySpan<byte> value, string column)
    {
        long micros = BinaryPrimitives.ReadInt64BigEndian(value);
        if (micros is long.MaxValue or long.MinValue) throw Infinite(column);
        return micros + EpochMicros;
    }

    /// <summary>A binary numeric (ndigits, weight, sign, dscale, then base-10000 digits) as an integer scaled by 10^scale.</summary>
    public static Int128 Numeric(ReadOnlySpan<byte> value, int scale, string column)
    {
        int ndigits = BinaryPrimitives.ReadInt16BigEndian(value);
        int weight = BinaryPrimitives.ReadInt16BigEndian(value[2..]);
        ushort sign = BinaryPrimitives.ReadUInt16BigEndian(value[4..]);
        if (sign is 0xC000 or 0xD000 or 0xF000)
            throw new FormatException($"column '{column}' holds {(sign == 0xC000 ? "NaN" : "an infinite value")}, which a decimal cannot hold");
        Int128 acc = 0;
        for (int i = 0; i < ndigits; i++) acc = acc * 10_000 + BinaryPrimitives.ReadInt16BigEndian(value[(8 + 2 * i)..]);
        // acc is the value times 10^(4 * (ndigits - 1 - weight)).
        acc = DecimalColumn.Rescale(acc, 4 * (ndigits - 1 - weight), scale);
        return sign == 0x4000 ? -acc : acc;
    }

    private static FormatException Infinite(string column) => new($"column '{column}' holds 'infinity', which Arrow cannot hold");
}
