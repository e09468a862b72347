using System.Buffers.Binary;
using System.Numerics;

namespace Pipeline.Core.Operators;

/// <summary>
/// A fixed-seed 64-bit hash of byte keys (xxHash64-style lanes, murmur3 finalizer). Ours rather than
/// <see cref="string.GetHashCode()"/> or <see cref="HashCode"/>, which are randomized per process: partition files
/// and results must not depend on the process. Different seeds give independent hashes for re-partitioning.
/// </summary>
internal static class KeyHash
{
    private const ulong P1 = 0x9E3779B185EBCA87UL;
    private const ulong P2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong P3 = 0x165667B19E3779F9UL;

    /// <summary>The seed of re-partitioning level <paramref name="level"/> (level 0 is the set's own hash).</summary>
    public static ulong Seed(int level) => 0x5EED_0000_0000_0000UL + (ulong)level * P3;

    public static ulong Hash(ReadOnlySpan<byte> key, ulong seed)
    {
        ulong h = seed + P3 + (ulong)key.Length * P1;
        while (key.Length >= 8)
        {
            ulong lane = BinaryPrimitives.ReadUInt64LittleEndian(key);
            h ^= BitOperations.RotateLeft(lane * P2, 31) * P1;
            h = BitOperations.RotateLeft(h, 27) * P1 + P3;
            key = key[8..];
        }
        if (key.Length >= 4)
        {
            h ^= BinaryPrimitives.ReadUInt32LittleEndian(key) * P1;
            h = BitOperations.RotateLeft(h, 23) * P2 + P3;
            key = key[4..];
        }
        foreach (byte b in key)
        {
            h ^= b * P3;
            h = BitOperations.RotateLeft(h, 11) * P1;
        }
        return Finalize(h);
    }

    /// <summary>murmur3's fmix64: every input bit affects every output bit, so top and low bits are both usable.</summary>
    private static ulong Finalize(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
