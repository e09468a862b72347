using System.Text;

namespace Pipeline.Engine.Validate.Evaluation.ArrayChecks;

/// <summary><c>in_set</c> / <c>not_in_set</c> on text: the set's values as UTF-8 byte strings in a small
/// open-addressing table, looked up by the value's bytes (ordinal, as the value-by-value path's string set).</summary>
internal sealed class Utf8SetCheck : Utf8Check
{
    private readonly byte[]?[] _slots;
    private readonly int _mask;
    private readonly bool _wanted;

    /// <summary>A check failing values outside <paramref name="values"/> (<paramref name="wanted"/> true) or inside them (false).</summary>
    public Utf8SetCheck(IEnumerable<string> values, bool wanted)
    {
        _wanted = wanted;
        var members = values.Select(Encoding.UTF8.GetBytes).ToList();
        int size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, members.Count * 4));
        _slots = new byte[size][];
        _mask = size - 1;
        foreach (var m in members)
        {
            int i = Hash(m) & _mask;
            while (_slots[i] is { } taken && !taken.AsSpan().SequenceEqual(m)) i = (i + 1) & _mask;
            _slots[i] = m;
        }
    }

    protected override bool ReusesRuns => true;

    protected override bool Fails(ReadOnlySpan<byte> value) => Contains(value) != _wanted;

    private bool Contains(ReadOnlySpan<byte> value)
    {
        for (int i = Hash(value) & _mask; ; i = (i + 1) & _mask)
        {
            var slot = _slots[i];
            if (slot is null) return false;
            if (value.SequenceEqual(slot)) return true;
        }
    }

    /// <summary>Length and up to 16 bytes from both ends, mixed: cheap, and enough to tell a set's values apart.</summary>
    private static int Hash(ReadOnlySpan<byte> value)
    {
        ulong head = 0, tail = 0;
        int n = value.Length;
        if (n >= 8)
        {
            head = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(value);
            tail = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(value[(n - 8)..]);
        }
        else
        {
            for (int i = 0; i < n; i++) head = (head << 8) | value[i];
        }
        ulong h = (head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)n;
        h ^= h >> 29;
        return (int)(h ^ (h >> 32));
    }
}
