using Apache.Arrow;
using Apache.Arrow.Types;
using System.Runtime.InteropServices;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>
/// A column read straight from its Arrow buffers: 64-bit integers, doubles and microsecond timestamps in place (no
/// copy), narrower integers, floats and dates widened in one loop, booleans and validity as bitmaps. With
/// <c>asDouble</c> an integer column is converted to DOUBLE while it is read (the cast the binder put above it).
/// </summary>
internal sealed class ColumnKernel(int index, SqlType type) : Kernel(type)
{
    public int Index { get; } = index;

    /// <summary>Whether a column of Arrow type <paramref name="arrow"/> read as <paramref name="type"/> is covered.</summary>
    public static bool Supports(IArrowType arrow, SqlType type) => (arrow, KVec.StorageOf(type.Kind)) switch
    {
        (DoubleType or FloatType, SqlKind.Double) => true,
        (Int64Type or Int32Type or Int16Type or Int8Type or UInt32Type or UInt16Type or UInt8Type, SqlKind.Int64 or SqlKind.Double) => true,
        (Date32Type, SqlKind.Int64) => true,
        (TimestampType { Unit: TimeUnit.Microsecond }, SqlKind.Int64) => true,
        (BooleanType, SqlKind.Boolean) => true,
        _ => false,
    };

    public override KVec Evaluate(KContext context) => context.Column(Index, Storage, (array, n) => Storage switch
    {
        SqlKind.Double => ReadDoubles(array, n, bytes => context.Values(this, bytes)),
        SqlKind.Boolean => ReadBools(array, n),
        _ => ReadLongs(array, n, bytes => context.Values(this, bytes)),
    });

    public static byte[]? Validity(IArrowArray a)
        => a.NullCount == 0 ? null : BitOps.FromArrow(a.Data.Buffers[0].Span, a.Offset, a.Length);

    private static KVec ReadLongs(IArrowArray array, int n, Func<int, byte[]> values) => array switch
    {
        Int64Array a => InPlace(a, SqlKind.Int64, n),
        TimestampArray a when ((TimestampType)a.Data.DataType).Unit == TimeUnit.Microsecond => InPlace(a, SqlKind.Int64, n),
        Int32Array a => Widen<int, long>(a, a.Values, n, values),
        Date32Array a => Widen<int, long>(a, a.Values, n, values),
        Int16Array a => Widen<short, long>(a, a.Values, n, values),
        Int8Array a => Widen<sbyte, long>(a, a.Values, n, values),
        UInt32Array a => Widen<uint, long>(a, a.Values, n, values),
        UInt16Array a => Widen<ushort, long>(a, a.Values, n, values),
        UInt8Array a => Widen<byte, long>(a, a.Values, n, values),
        _ => throw new KernelFallbackException(),
    };

    private static KVec ReadDoubles(IArrowArray array, int n, Func<int, byte[]> values) => array switch
    {
        DoubleArray a => InPlace(a, SqlKind.Double, n),
        FloatArray a => Widen<float, double>(a, a.Values, n, values),
        Int64Array a => Widen<long, double>(a, a.Values, n, values),
        Int32Array a => Widen<int, double>(a, a.Values, n, values),
        Int16Array a => Widen<short, double>(a, a.Values, n, values),
        Int8Array a => Widen<sbyte, double>(a, a.Values, n, values),
        UInt32Array a => Widen<uint, double>(a, a.Values, n, values),
        UInt16Array a => Widen<ushort, double>(a, a.Values, n, values),
        UInt8Array a => Widen<byte, double>(a, a.Values, n, values),
        _ => throw new KernelFallbackException(),
    };

    private static KVec ReadBools(IArrowArray array, int n)
    {
        if (array is not BooleanArray a) throw new KernelFallbackException();
        var bits = BitOps.FromArrow(a.ValueBuffer.Span, a.Offset, n);
        return KVec.Column(SqlKind.Boolean, n, bits, Validity(a), owned: true);
    }

    private static KVec InPlace(IArrowArray a, SqlKind storage, int n)
        => KVec.Column(storage, n, a.Data.Buffers[1].Memory.Slice(a.Offset * 8, n * 8), Validity(a), owned: false);

    private static KVec Widen<TFrom, TTo>(IArrowArray a, ReadOnlySpan<TFrom> values, int n, Func<int, byte[]> allocate)
        where TFrom : unmanaged, System.Numerics.INumberBase<TFrom>
        where TTo : unmanaged, System.Numerics.INumberBase<TTo>
    {
        var data = allocate(n * 8);
        var r = MemoryMarshal.Cast<byte, TTo>(data.AsSpan(0, n * 8));
        // Every source value fits the target exactly (an Int64 as DOUBLE rounds, as the cast it stands for does).
        for (int i = 0; i < r.Length; i++) r[i] = TTo.CreateTruncating(values[i]);
        return KVec.Column(typeof(TTo) == typeof(double) ? SqlKind.Double : SqlKind.Int64, n, new ReadOnlyMemory<byte>(data, 0, n * 8), Validity(a), owned: true);
    }
}
