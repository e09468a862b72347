namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// How a measure reads a column: every fixed-width type but decimals becomes one order-preserving 64-bit code
/// (<see cref="OrderedCode"/>), so comparing, hashing and selecting work on longs for all of them.
/// </summary>
internal enum ValueKind
{
    /// <summary>Signed integers and temporal types (dates, times, timestamps, durations): the code is the value.</summary>
    Signed,

    /// <summary>Unsigned integers: the code is the value with its top bit flipped.</summary>
    Unsigned,

    /// <summary>Booleans: 0 or 1.</summary>
    Boolean,

    /// <summary>Half, single and double floats, widened to double: the code orders like IEEE totalOrder, NaN last.</summary>
    Float,

    /// <summary>Decimal128: the unscaled 128-bit value.</summary>
    Decimal,

    /// <summary>Strings and binaries: their bytes.</summary>
    Binary,
}
