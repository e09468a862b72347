using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Decides how the two columns of a key pair compare, or refuses a pair that cannot (string against integer).
/// Values compare by value, not by type: integers of any width and signedness; an integer and a float as numbers
/// (exactly: a float matches only when it is integral and equals the integer); floats as doubles; dates, times,
/// timestamps and durations of one kind in the finer unit of the two (time zones are ignored: Arrow stores
/// instants in UTC); strings and binaries, plain or dictionary-encoded, by their ordinal bytes; fixed-size
/// binaries of one width and decimals of one width and scale by their bytes.
/// </summary>
internal static class KeyPairing
{
    private enum Family { Integer, Float, Boolean, Date, Timestamp, Time, Duration, Text, Fixed, Decimal, Other }

    /// <summary>The reading of each side's key column, or an InvalidInput error naming both columns.</summary>
    public static (KeyColumn Probe, KeyColumn Build) Pair(Schema probe, Schema build, string probeName, string buildName)
    {
        int p = IndexOf(probe, probeName, "probe");
        int b = IndexOf(build, buildName, "build");
        var pt = Decoded(probe.FieldsList[p].DataType);
        var bt = Decoded(build.FieldsList[b].DataType);
        Family pf = FamilyOf(pt), bf = FamilyOf(bt);
        if (pf == Family.Other || bf == Family.Other || !Compatible(pf, bf, pt, bt))
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"join key '{probeName}' ({pt.Name}) cannot be compared with build column '{buildName}' ({bt.Name})");
        return (Column(p, probeName, pf, pt, bf, bt), Column(b, buildName, bf, bt, pf, pt));
    }

    private static int IndexOf(Schema schema, string name, string side)
    {
        int index = schema.GetFieldIndex(name);
        if (index < 0)
            throw new PipelineException(PipelineErrorKind.InvalidInput,
                $"join key '{name}' is not a column of the {side} side (columns: {string.Join(", ", schema.FieldsList.Select(f => f.Name))})");
        return index;
    }

    private static IArrowType Decoded(IArrowType type) => type is DictionaryType d ? Decoded(d.ValueType) : type;

    private static Family FamilyOf(IArrowType type) => type switch
    {
        Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type => Family.Integer,
        HalfFloatType or FloatType or DoubleType => Family.Float,
        BooleanType => Family.Boolean,
        Date32Type or Date64Type => Family.Date,
        TimestampType => Family.Timestamp,
        Time32Type or Time64Type => Family.Time,
        DurationType => Family.Duration,
        StringType or LargeStringType or BinaryType or LargeBinaryType => Family.Text,
        Decimal128Type or Decimal256Type => Family.Decimal,
        FixedSizeBinaryType => Family.Fixed,
        _ => Family.Other,
    };

    private static bool Compatible(Family a, Family b, IArrowType at, IArrowType bt)
    {
        if (a is Family.Integer or Family.Float && b is Family.Integer or Family.Float) return true;
        if (a != b) return false;
        return a switch
        {
            Family.Decimal => at.GetType() == bt.GetType() && Scale(at) == Scale(bt),
            Family.Fixed => ((FixedSizeBinaryType)at).ByteWidth == ((FixedSizeBinaryType)bt).ByteWidth,
            _ => true,
        };
    }

    private static int Scale(IArrowType decimalType) => decimalType switch
    {
        Decimal128Type d => d.Scale,
        Decimal256Type d => d.Scale,
        _ => 0,
    };

    private static KeyColumn Column(int index, string name, Family family, IArrowType type, Family otherFamily, IArrowType other) => family switch
    {
        Family.Integer when type is UInt64Type && other is UInt64Type => new(index, name, KeyRead.UnsignedBits),
        Family.Integer when type is UInt8Type or UInt16Type or UInt32Type or UInt64Type => new(index, name, KeyRead.Unsigned),
        Family.Integer => new(index, name, KeyRead.Signed),
        Family.Float when otherFamily == Family.Integer => new(index, name, KeyRead.FloatAsInteger),
        Family.Float => new(index, name, KeyRead.Float),
        Family.Boolean => new(index, name, KeyRead.Boolean),
        Family.Date or Family.Timestamp or Family.Time or Family.Duration
            => new(index, name, KeyRead.Signed, checked(UnitTicks(type) / Math.Min(UnitTicks(type), UnitTicks(other)))),
        _ => new(index, name, KeyRead.Bytes),
    };

    /// <summary>The length of one unit of a temporal type, in the finest unit of its family (ms for dates, ns otherwise).</summary>
    private static long UnitTicks(IArrowType type) => type switch
    {
        Date32Type => 86_400_000,
        Date64Type => 1,
        TimestampType t => Ticks(t.Unit),
        Time32Type t => Ticks(t.Unit),
        Time64Type t => Ticks(t.Unit),
        DurationType t => Ticks(t.Unit),
        _ => 1,
    };

    private static long Ticks(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => 1_000_000_000,
        TimeUnit.Millisecond => 1_000_000,
        TimeUnit.Microsecond => 1_000,
        _ => 1,
    };
}
