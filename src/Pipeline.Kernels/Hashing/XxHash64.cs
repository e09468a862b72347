using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pipeline.Kernels.Hashing;

/// <summary>xxHash64 (Yann Collet's XXH64, the published algorithm, bit-compatible with the reference
/// implementation), written here so that hashes never depend on a library version or a randomised seed.</summary>
internal static class XxHash64
{
    internal const ulong P1 = 0x9E3779B185EBCA87UL;
    internal const ulong P2 = 0xC2B2AE3D27D4EB4FUL;
    internal const ulong P3 = 0x165667B19E3779F9UL;
    internal const ulong P4 = 0x85EBCA77C2B2AE63UL;
    internal const ulong P5 = 0x27D4EB2F165667C5UL;

    /// <summary>XXH64 of <paramref name="data"/> with <paramref name="seed"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed)
    {
        int length = data.Length;
        ulong h;
        if (length >= 32)
        {
            ulong v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
            do
            {
                v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(data));
                v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(data[8..]));
                v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(data[16..]));
                v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(data[24..]));
                data = data[32..];
            } while (data.Length >= 32);
            h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7)
                + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
            h = MergeRound(h, v1); h = MergeRound(h, v2); h = MergeRound(h, v3); h = MergeRound(h, v4);
        }
        else
        {
            h = seed + P5;
        }
        h += (ulong)length;
        while (data.Length >= 8)
        {
            h ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(data));
            h = BitOperations.RotateLeft(h, 27) * P1 + P4;
            data = data[8..];
        }
        if (data.Length >= 4)
        {
            h ^= BinaryPrimitives.ReadUInt32LittleEndian(data) * P1;
            h = BitOperations.RotateLeft(h, 23) * P2 + P3;
            data = data[4..];
        }
        foreach (byte b in data)
        {
            h ^= b * P5;
            h = BitOperations.RotateLeft(h, 11) * P1;
        }
        return Avalanche(h);
    }

    /// <summary>XXH64 of the 8 little-endian bytes of <paramref name="value"/>, unrolled for fixed-width columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash8(ulong value, ulong seed)
    {
        ulong h = seed + P5 + 8;
        h ^= Round(0, value);
        h = BitOperations.RotateLeft(h, 27) * P1 + P4;
        return Avalanche(h);
    }

    /// <summary>XXH64 of the 4 little-endian bytes of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash4(uint value, ulong seed)
    {
        ulong h = seed + P5 + 4;
        h ^= value * P1;
        h = BitOperations.RotateLeft(h, 23) * P2 + P3;
        return Avalanche(h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Round(ulong acc, ulong input)
    {
        acc += input * P2;
        acc = BitOperations.RotateLeft(acc, 31);
        return acc * P1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MergeRound(ulong acc, ulong val)
    {
        acc ^= Round(0, val);
        return acc * P1 + P4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Avalanche(ulong h)
    {
        h ^= h >> 33;
        h *= P2;
        h ^= h >> 29;
        h *= P3;
        h ^= h >> 32;
        return h;
    }
}
