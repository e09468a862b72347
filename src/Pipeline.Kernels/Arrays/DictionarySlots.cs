using Apache.Arrow;

namespace Pipeline.Kernels.Arrays;

/// <summary>Reads the dictionary slot of a row from a dictionary array's index column, whatever its integer type.</summary>
public static class DictionarySlots
{
    /// <summary>The slot of a non-null row of <paramref name="indices"/>.</summary>
    /// <exception cref="NotSupportedException">The index type is not an integer type Arrow allows for dictionaries.</exception>
    public static int Get(IArrowArray indices, int row) => indices switch
    {
        Int8Array i => i.GetValue(row)!.Value,
        Int16Array i => i.GetValue(row)!.Value,
        Int32Array i => i.GetValue(row)!.Value,
        Int64Array i => checked((int)i.GetValue(row)!.Value),
        UInt8Array i => i.GetValue(row)!.Value,
        UInt16Array i => i.GetValue(row)!.Value,
        UInt32Array i => checked((int)i.GetValue(row)!.Value),
        UInt64Array i => checked((int)i.GetValue(row)!.Value),
        _ => throw new NotSupportedException($"dictionary indices of type {indices.Data.DataType.Name}"),
    };
}
