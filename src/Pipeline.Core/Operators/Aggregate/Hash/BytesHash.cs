using System.Buffers.Binary;
using System.Numerics;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// A fast 64-bit hash of short byte strings for in-memory group tables: 8 bytes at a time (the tail read as an
/// overlapping word), multiply-rotate mixing and a final avalanche so low and high bits are both usable. Not for
/// anything persisted or compared across runs (spill partitioning keeps <see cref="KeyHasher"/>'s seeded hash).
/// </summary>
internal static class BytesHash
{
    private const ulong K1 = 0x9E3779B97F4A7C15UL;
    private const ulong K2 = 0xC2B2AE3D27D4EB4FUL;

    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        int n = bytes.Length;
        ulong h = (ulong)n * K1;
        if (n >= 8)
        {
            int i = 0;
            for (; i + 8 <= n; i += 8) h = Mix(h, BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]));
            if (i < n) h = Mix(h, BinaryPrimitives.ReadUInt64LittleEndian(bytes[(n - 8)..]));
        }
        else if (n >= 4)
        {
            ulong word = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(bytes[(n - 4)..]);
            h = Mix(h, word);
        }
        else if (n > 0)
        {
            h = Mix(h, bytes[0] | ((ulong)bytes[n >> 1] << 8) | ((ulong)bytes[n - 1] << 16));
        }
        h ^= h >> 33;
        h *= K2;
        h ^= h >> 29;
        h *= K1;
        return h ^ (h >> 32);
    }

    private static ulong Mix(ulong h, ulong word) => BitOperations.RotateLeft((h ^ word) * K2, 31) * K1;
}
