namespace Pipeline.Benchmarks.Data;

/// <summary>
/// A tiny deterministic pseudo-random generator (xorshift64*). Unlike <see cref="System.Random"/>, whose algorithm
/// may change between .NET versions, this gives the same sequence for the same seed on every runtime and machine,
/// so a generated data set is byte-identical wherever it is produced.
/// </summary>
public struct XorShift64Star
{
    private ulong _state;

    /// <summary>Creates a generator; seed 0 is replaced by a fixed constant because xorshift would stay at 0.</summary>
    public XorShift64Star(ulong seed) => _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>A value in [0, <paramref name="bound"/>). Uses the high bits (the best ones of xorshift*) with a
    /// multiply-shift reduction; the tiny bias is irrelevant for benchmark data.</summary>
    public int Next(int bound) => (int)(((NextUInt64() >> 32) * (ulong)(uint)bound) >> 32);

    /// <summary>True with probability <paramref name="percent"/>/100.</summary>
    public bool Chance(int percent) => Next(100) < percent;
}
