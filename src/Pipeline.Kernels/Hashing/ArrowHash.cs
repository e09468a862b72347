using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Pipeline.Kernels.Hashing;

/// <summary>Stable 64-bit hashes of Arrow values, row by row, for distinct counting, duplicate rows and joins.</summary>
/// <remarks>
/// <para>Built on xxHash64 with seed 0 (implemented in this assembly, no randomised seed), so the same value gets
/// the same hash in every batch, array, process and machine, and changing the function breaks tests on purpose.</para>
/// <para>Per type: integers (8 to 64 bit, signed sign-extended, unsigned zero-extended), dates, times, timestamps
/// and durations hash the 8 little-endian bytes of the value widened to 64 bits, so Int32 5 and Int64 5 (and
/// Date32 5) hash alike, while units and time zones are not part of the hash. Floats (Half, Float, Double) widen to
/// double and hash its bits after mapping -0.0 to 0.0 and every NaN to one NaN; 5.0 and the integer 5 differ.
/// Booleans hash as the integers 0 and 1. Strings and binary hash their bytes (UTF-8 for strings), so
/// <see cref="HashString"/> equals a string column's hash. Other fixed-width types (Decimal128/256, intervals,
/// fixed-size binary) hash their raw bytes; a decimal's scale is not part of the hash. Dictionary arrays hash the
/// decoded value, so dictionary and plain columns agree. Lists, maps and structs combine their children's hashes
/// in order (with the element count), recursively. Nulls hash to <see cref="NullHash"/>. Union arrays are not
/// supported.</para>
/// </remarks>
public static class ArrowHash
{
    /// <summary>The hash every null gets (a fixed odd constant, not the hash of any common value).</summary>
    public const ulong NullHash = 0x5A17_C0DE_0B5E_55EDUL;

    /// <summary>Seeds list / struct folding so an empty list differs from a null and from an empty string.</summary>
    private const ulong NestedSeed = 0x2545F4914F6CDD1DUL;

    /// <summary>Writes the hash of each row of <paramref name="array"/> into <paramref name="hashes"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="hashes"/> is shorter than the array.</exception>
    /// <exception cref="NotSupportedException">The array is a union.</exception>
    public static void HashColumn(IArrowArray array, Span<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (hashes.Length < array.Length)
            throw new ArgumentException($"Hash buffer holds {hashes.Length} rows; the array has {array.Length}.", nameof(hashes));
        hashes = hashes[..array.Length];
        switch (array)
        {
            case NullArray: hashes.Fill(NullHash); break;
            case BooleanArray a: HashBoolean(a, hashes); break;
            case Int8Array a: HashInteger<sbyte>(a, a.Values, hashes); break;
            case Int16Array a: HashInteger<short>(a, a.Values, hashes); break;
            case Int32Array a: HashInteger<int>(a, a.Values, hashes); break;
            case Int64Array a: HashInteger<long>(a, a.Values, hashes); break;
            case UInt8Array a: HashInteger<byte>(a, a.Values, hashes); break;
            case UInt16Array a: HashInteger<ushort>(a, a.Values, hashes); break;
            case UInt32Array a: HashInteger<uint>(a, a.Values, hashes); break;
            case UInt64Array a: HashInteger<ulong>(a, a.Values, hashes); break;
            case Date32Array a: HashInteger<int>(a, a.Values, hashes); break;
            case Date64Array a: HashInteger<long>(a, a.Values, hashes); break;
            case Time32Array a: HashInteger<int>(a, a.Values, hashes); break;
            case Time64Array a: HashInteger<long>(a, a.Values, hashes); break;
            case TimestampArray a: HashInteger<long>(a, a.Values, hashes); break;
            case DurationArray a: HashInteger<long>(a, a.Values, hashes); break;
            case HalfFloatArray a: HashFloat<Half>(a, a.Values, hashes); break;
            case FloatArray a: HashFloat<float>(a, a.Values, hashes); break;
            case DoubleArray a: HashFloat<double>(a, a.Values, hashes); break;
            case BinaryArray a: HashBinary(a, hashes); break;
            case LargeBinaryArray a: HashLargeBinary(a, hashes); break;
            case BinaryViewArray a: HashBinaryView(a, hashes); break;
            case DictionaryArray a: HashDictionary(a, hashes); break;
            case ListArray a: HashList(a, a.ValueOffsets, hashes); break;
            case LargeListArray a: HashList(a, a.ValueOffsets, hashes); break;
            case FixedSizeListArray a: HashFixedSizeList(a, hashes); break;
            case StructArray a: HashStruct(a, hashes); break;
            default:
                if (array.Data.DataType is FixedWidthType { BitWidth: > 0 } fixedWidth && fixedWidth.BitWidth % 8 == 0
                    && array.Data.DataType.TypeId is not (ArrowTypeId.Union or ArrowTypeId.Dictionary))
                {
                    HashFixedWidthBytes(array, fixedWidth.BitWidth / 8, hashes);
                    break;
                }
                throw new NotSupportedException($"Hashing {array.Data.DataType.Name} columns is not supported.");
        }
    }

    /// <summary>Mixes the hash of each row of <paramref name="array"/> into <paramref name="hashes"/>, for hashing
    /// whole rows column by column. Order matters: (a, b) and (b, a) give different row hashes.</summary>
    /// <exception cref="ArgumentException"><paramref name="hashes"/> is shorter than the array.</exception>
    public static void CombineColumn(IArrowArray array, Span<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (hashes.Length < array.Length)
            throw new ArgumentException($"Hash buffer holds {hashes.Length} rows; the array has {array.Length}.", nameof(hashes));
        ulong[] scratch = ArrayPool<ulong>.Shared.Rent(Math.Max(array.Length, 1));
        try
        {
            var column = scratch.AsSpan(0, array.Length);
            HashColumn(array, column);
            for (int i = 0; i < column.Length; i++) hashes[i] = Combine(hashes[i], column[i]);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    /// <summary>xxHash64 of <paramref name="data"/> with <paramref name="seed"/>.</summary>
    public static ulong HashBytes(ReadOnlySpan<byte> data, ulong seed = 0) => XxHash64.Hash(data, seed);

    /// <summary>The hash <see cref="HashColumn"/> gives a string (UTF-8) value with the same text.</summary>
    public static ulong HashString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        try
        {
            int written = Encoding.UTF8.GetBytes(value, buffer);
            return XxHash64.Hash(buffer[..written], 0);
        }
        finally
        {
            if (rented != null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Order-dependent mix of a running hash with the next hash (an xxHash64 round plus finalisation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Combine(ulong running, ulong next)
    {
        ulong h = running ^ XxHash64.Round(0, next);
        h = BitOperations.RotateLeft(h, 27) * XxHash64.P1 + XxHash64.P4;
        return XxHash64.Avalanche(h);
    }

    private static void HashBoolean(BooleanArray array, Span<ulong> hashes)
    {
        var validity = Validity.Of(array);
        ulong falseHash = XxHash64.Hash8(0, 0), trueHash = XxHash64.Hash8(1, 0);
        for (int i = 0; i < hashes.Length; i++)
            hashes[i] = !validity.IsValid(i) ? NullHash : array.GetValue(i) == true ? trueHash : falseHash;
    }

    // Generic over the element type so the JIT emits one loop per type without per-value virtual calls.
    private static void HashInteger<T>(IArrowArray array, ReadOnlySpan<T> values, Span<ulong> hashes)
        where T : struct, IBinaryInteger<T>
    {
        // long.CreateTruncating sign-extends signed types and zero-extends unsigned ones (UInt64 keeps its bits).
        for (int i = 0; i < hashes.Length; i++) hashes[i] = XxHash64.Hash8((ulong)long.CreateTruncating(values[i]), 0);
        ApplyNulls(array, hashes);
    }

    private static void HashFloat<T>(IArrowArray array, ReadOnlySpan<T> values, Span<ulong> hashes)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < hashes.Length; i++)
        {
            double v = double.CreateTruncating(values[i]);
            // Equal values must hash alike: -0.0 == 0.0, and all NaN payloads are one "NaN" value.
            if (v == 0) v = 0;
            else if (double.IsNaN(v)) v = double.NaN;
            hashes[i] = XxHash64.Hash8((ulong)BitConverter.DoubleToInt64Bits(v), 0);
        }
        ApplyNulls(array, hashes);
    }

    private static void HashBinary(BinaryArray array, Span<ulong> hashes)
    {
        var validity = Validity.Of(array);
        for (int i = 0; i < hashes.Length; i++)
            hashes[i] = validity.IsValid(i) ? XxHash64.Hash(array.GetBytes(i), 0) : NullHash;
    }

    private static void HashLargeBinary(LargeBinaryArray array, Span<ulong> hashes)
    {
        var validity = Validity.Of(array);
        for (int i = 0; i < hashes.Length; i++)
            hashes[i] = validity.IsValid(i) ? XxHash64.Hash(array.GetBytes(i), 0) : NullHash;
    }

    private static void HashBinaryView(BinaryViewArray array, Span<ulong> hashes)
    {
        var validity = Validity.Of(array);
        for (int i = 0; i < hashes.Length; i++)
            hashes[i] = validity.IsValid(i) ? XxHash64.Hash(array.GetBytes(i), 0) : NullHash;
    }

    private static void HashFixedWidthBytes(IArrowArray array, int width, Span<ulong> hashes)
    {
        var values = array.Data.Buffers[1].Span.Slice(array.Offset * width, array.Length * width);
        for (int i = 0; i < hashes.Length; i++) hashes[i] = XxHash64.Hash(values.Slice(i * width, width), 0);
        ApplyNulls(array, hashes);
    }

    private static void HashDictionary(DictionaryArray array, Span<ulong> hashes)
    {
        // Hash each dictionary entry once, then gather: the row hash is the decoded value's hash.
        var dictionary = array.Dictionary;
        ulong[] valueHashes = ArrayPool<ulong>.Shared.Rent(Math.Max(dictionary.Length, 1));
        try
        {
            HashColumn(dictionary, valueHashes);
            var lookup = valueHashes.AsSpan(0, dictionary.Length);
            switch (array.Indices)
            {
                case Int8Array i: Gather<sbyte>(i.Values, lookup, hashes); break;
                case Int16Array i: Gather<short>(i.Values, lookup, hashes); break;
                case Int32Array i: Gather<int>(i.Values, lookup, hashes); break;
                case Int64Array i: Gather<long>(i.Values, lookup, hashes); break;
                case UInt8Array i: Gather<byte>(i.Values, lookup, hashes); break;
                case UInt16Array i: Gather<ushort>(i.Values, lookup, hashes); break;
                case UInt32Array i: Gather<uint>(i.Values, lookup, hashes); break;
                case UInt64Array i: Gather<ulong>(i.Values, lookup, hashes); break;
                default: throw new NotSupportedException($"Dictionary indices of type {array.Indices.Data.DataType.Name} are not supported.");
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(valueHashes);
        }
        ApplyNulls(array, hashes);
    }

    private static void Gather<T>(ReadOnlySpan<T> indices, ReadOnlySpan<ulong> lookup, Span<ulong> hashes)
        where T : struct, IBinaryInteger<T>
    {
        // Null rows may hold any index (even out of range); clamp here and let ApplyNulls overwrite them.
        for (int i = 0; i < hashes.Length; i++)
        {
            ulong index = ulong.CreateTruncating(indices[i]);
            hashes[i] = index < (ulong)lookup.Length ? lookup[(int)index] : NullHash;
        }
    }

    private static void HashList<TOffset>(IArrowArray array, ReadOnlySpan<TOffset> offsets, Span<ulong> hashes)
        where TOffset : struct, IBinaryInteger<TOffset>
    {
        int first = int.CreateChecked(offsets[0]);
        int last = int.CreateChecked(offsets[hashes.Length]);
        var child = ArrowArrayFactory.BuildArray(array.Data.Children[0].Slice(first, last - first));
        ulong[] buffer = RentChildHashes(child);
        try
        {
            var childHashes = buffer.AsSpan(0, child.Length);
            var validity = Validity.Of(array);
            for (int i = 0; i < hashes.Length; i++)
            {
                int start = int.CreateChecked(offsets[i]) - first, end = int.CreateChecked(offsets[i + 1]) - first;
                hashes[i] = validity.IsValid(i) ? FoldRange(childHashes.Slice(start, end - start)) : NullHash;
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    private static void HashFixedSizeList(FixedSizeListArray array, Span<ulong> hashes)
    {
        int size = ((FixedSizeListType)array.Data.DataType).ListSize;
        var child = ArrowArrayFactory.BuildArray(array.Data.Children[0].Slice(array.Offset * size, array.Length * size));
        ulong[] buffer = RentChildHashes(child);
        try
        {
            var childHashes = buffer.AsSpan(0, child.Length);
            var validity = Validity.Of(array);
            for (int i = 0; i < hashes.Length; i++)
                hashes[i] = validity.IsValid(i) ? FoldRange(childHashes.Slice(i * size, size)) : NullHash;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(buffer);
        }
    }

    private static void HashStruct(StructArray array, Span<ulong> hashes)
    {
        hashes.Fill(NestedSeed);
        // Slice the children here: depending on the Arrow version, StructArray.Fields may or may not apply the offset.
        foreach (var childData in array.Data.Children)
            CombineColumn(ArrowArrayFactory.BuildArray(childData.Slice(array.Offset, array.Length)), hashes);
        for (int i = 0; i < hashes.Length; i++) hashes[i] = Combine(hashes[i], (ulong)array.Data.Children.Length);
        ApplyNulls(array, hashes);
    }

    /// <summary>Hashes a child array into a pooled buffer the caller returns.</summary>
    private static ulong[] RentChildHashes(IArrowArray child)
    {
        ulong[] buffer = ArrayPool<ulong>.Shared.Rent(Math.Max(child.Length, 1));
        try
        {
            HashColumn(child, buffer);
            return buffer;
        }
        catch
        {
            ArrayPool<ulong>.Shared.Return(buffer);
            throw;
        }
    }

    private static ulong FoldRange(ReadOnlySpan<ulong> elementHashes)
    {
        ulong h = NestedSeed;
        foreach (ulong e in elementHashes) h = Combine(h, e);
        return Combine(h, (ulong)elementHashes.Length);
    }

    private static void ApplyNulls(IArrowArray array, Span<ulong> hashes)
    {
        if (array.NullCount == 0) return;
        var validity = Validity.Of(array);
        for (int i = 0; i < hashes.Length; i++)
            if (!validity.IsValid(i)) hashes[i] = NullHash;
    }
}
