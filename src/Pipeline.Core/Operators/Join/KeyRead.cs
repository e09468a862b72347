namespace Pipeline.Core.Operators.Join;

/// <summary>How one side's key column turns into the comparable value of its key pair.</summary>
internal enum KeyRead
{
    /// <summary>A signed integer (or date, time, timestamp, duration) of the column's width, times the scale.</summary>
    Signed,

    /// <summary>An unsigned integer; a uint64 above <see cref="long.MaxValue"/> can equal no signed value and never matches.</summary>
    Unsigned,

    /// <summary>A uint64 joined with a uint64: the bits are compared as they are.</summary>
    UnsignedBits,

    /// <summary>A boolean as 0 or 1.</summary>
    Boolean,

    /// <summary>A float joined with an integer: an integral value in range compares as that integer; any other never matches.</summary>
    FloatAsInteger,

    /// <summary>A float joined with a float: compared as doubles, every NaN equal to every NaN, -0 equal to +0.</summary>
    Float,

    /// <summary>Strings and binaries by their ordinal bytes, fixed-size binaries and decimals by their raw bytes.</summary>
    Bytes,
}
