using Pipeline.Kernels.Hashing;

namespace Pipeline.Core.Operators;

/// <summary>
/// A fixed-seed 64-bit hash of byte keys: the kernels' xxHash64 (also used for column and row hashes), not
/// <see cref="string.GetHashCode()"/> or <see cref="HashCode"/>, which are randomized per process: partition files
/// and results must not depend on the process. Different seeds give independent hashes for re-partitioning.
/// </summary>
internal static class KeyHash
{
    /// <summary>The seed of re-partitioning level <paramref name="level"/> (level 0 is the set's own hash).</summary>
    public static ulong Seed(int level) => 0x5EED_0000_0000_0000UL + (ulong)level * XxHash64.P3;

    public static ulong Hash(ReadOnlySpan<byte> key, ulong seed) => XxHash64.Hash(key, seed);
}
