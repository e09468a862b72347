using System.Runtime.InteropServices;
using Pipeline.Engine.Expressions.Typing;

namespace Pipeline.Engine.Expressions.Evaluation.Fast;

/// <summary>
/// One batch's values as the fast kernels use them: a scalar (a constant, never expanded into an array), or a
/// column whose values are raw little-endian storage (<see cref="Data"/>: longs or doubles, possibly an Arrow buffer
/// read in place; for booleans a bitmap of 64-bit words) and whose validity is a bitmap of 64-bit words (null when no
/// row is null). Bits past <see cref="Length"/> and values under null rows are unspecified. Never changed once built.
/// </summary>
internal sealed class KVec
{
    private KVec(SqlKind storage, int length)
    {
        Storage = storage;
        Length = length;
    }

    /// <summary><see cref="SqlKind.Boolean"/>, <see cref="SqlKind.Int64"/> (also dates and timestamps) or <see cref="SqlKind.Double"/>.</summary>
    public SqlKind Storage { get; }
    public int Length { get; }
    public bool IsScalar { get; private init; }

    /// <summary>For a scalar: null, or its value as long, double or bool.</summary>
    public object? Scalar { get; private init; }

    public ReadOnlyMemory<byte> Data { get; private init; }

    /// <summary>Validity words as bytes (a multiple of 8 long); null when every row is valid.</summary>
    public byte[]? Validity { get; private init; }

    /// <summary>Whether <see cref="Data"/> is an array this evaluation made (so it may be handed to an Arrow array
    /// without copying); false when it is the input batch's memory.</summary>
    public bool Owned { get; private init; }

    public bool IsNullScalar => IsScalar && Scalar is null;
    public double ScalarDouble => (double)Scalar!;
    public long ScalarLong => (long)Scalar!;
    public bool ScalarBool => (bool)Scalar!;

    public ReadOnlySpan<double> Doubles => MemoryMarshal.Cast<byte, double>(Data.Span);
    public ReadOnlySpan<long> Longs => MemoryMarshal.Cast<byte, long>(Data.Span);
    public ReadOnlySpan<ulong> Bits => MemoryMarshal.Cast<byte, ulong>(Data.Span);
    public ReadOnlySpan<ulong> ValidWords => Validity is null ? default : MemoryMarshal.Cast<byte, ulong>(Validity.AsSpan());

    /// <summary>The storage kind of <paramref name="kind"/>, or null when the kernels cannot hold it.</summary>
    public static SqlKind? StorageOf(SqlKind kind) => kind switch
    {
        SqlKind.Boolean => SqlKind.Boolean,
        SqlKind.Int64 or SqlKind.Date or SqlKind.Timestamp => SqlKind.Int64,
        SqlKind.Double => SqlKind.Double,
        _ => null,
    };

    public static KVec Constant(SqlKind storage, object? value, int length) => new(storage, length) { IsScalar = true, Scalar = value };

    public static KVec Column(SqlKind storage, int length, ReadOnlyMemory<byte> data, byte[]? validity, bool owned)
        => new(storage, length) { Data = data, Validity = validity, Owned = owned };

    /// <summary>A column of <paramref name="length"/> nulls.</summary>
    public static KVec AllNull(SqlKind storage, int length)
        => Column(storage, length, new byte[storage == SqlKind.Boolean ? BitOps.Words(length) * 8 : length * 8], BitOps.NewBitmap(length), owned: true);

    /// <summary>This vector as a column (a scalar expanded, which only the edges of evaluation need).</summary>
    public KVec Materialize()
    {
        if (!IsScalar) return this;
        if (Scalar is null) return AllNull(Storage, Length);
        byte[] data;
        switch (Scalar)
        {
            case bool b:
                data = BitOps.NewBitmap(Length);
                if (b) data.AsSpan().Fill(0xFF);
                break;
            case double d:
                data = GC.AllocateUninitializedArray<byte>(Length * 8);
                MemoryMarshal.Cast<byte, double>(data.AsSpan()).Fill(d);
                break;
            default:
                data = GC.AllocateUninitializedArray<byte>(Length * 8);
                MemoryMarshal.Cast<byte, long>(data.AsSpan()).Fill((long)Scalar);
                break;
        }
        return Column(Storage, Length, data, null, owned: true);
    }
}
