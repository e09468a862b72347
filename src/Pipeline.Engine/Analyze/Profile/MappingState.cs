using Pipeline.Kernels;
namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// Finds column pairs that are one-to-one mappings of each other (each value of a pairs with exactly one value of b
/// and back, e.g. <c>country_code</c> and <c>country_name</c>), from the value hashes the profile computes anyway.
/// A pair is dropped at its first conflict or once it holds more than <see cref="Limit"/> distinct values, so
/// unrelated pairs cost a few rows each and memory stays bounded.
/// </summary>
internal sealed class MappingState
{
    /// <summary>Distinct values a candidate pair may hold.</summary>
    public const int Limit = 10_000;

    private readonly int _columns;
    private readonly Dictionary<ulong, ulong>?[] _forward;
    private readonly Dictionary<ulong, ulong>?[] _backward;

    /// <param name="columns">Columns in the table.</param>
    /// <param name="candidate">Whether the pair (i, j), i &lt; j, is worth checking.</param>
    public MappingState(int columns, Func<int, int, bool> candidate)
    {
        _columns = columns;
        _forward = new Dictionary<ulong, ulong>?[columns * columns];
        _backward = new Dictionary<ulong, ulong>?[columns * columns];
        for (int i = 0; i < columns; i++)
            for (int j = i + 1; j < columns; j++)
                if (candidate(i, j)) { _forward[i * columns + j] = []; _backward[i * columns + j] = []; }
    }

    /// <summary>Folds one batch: <paramref name="hashes"/>[k] holds column k's value hashes.</summary>
    public void Update(ulong[][] hashes, int rows)
    {
        for (int p = 0; p < _forward.Length; p++)
        {
            var forward = _forward[p];
            if (forward is null) continue;
            var backward = _backward[p]!;
            var a = hashes[p / _columns];
            var b = hashes[p % _columns];
            for (int i = 0; i < rows; i++)
            {
                if (!Pair(forward, backward, a[i], b[i])) { Drop(p); break; }
            }
        }
    }

    private static bool Pair(Dictionary<ulong, ulong> forward, Dictionary<ulong, ulong> backward, ulong a, ulong b)
    {
        if (forward.TryGetValue(a, out var mapped)) return mapped == b;
        if (backward.TryGetValue(b, out var back)) return back == a;
        if (forward.Count >= Limit) return false;
        forward[a] = b;
        backward[b] = a;
        return true;
    }

    private void Drop(int p) { _forward[p] = null; _backward[p] = null; }

    public void Merge(MappingState other)
    {
        for (int p = 0; p < _forward.Length; p++)
        {
            if (_forward[p] is not { } forward) continue;
            if (other._forward[p] is not { } theirs) { Drop(p); continue; }
            foreach (var (a, b) in theirs)
                if (!Pair(forward, _backward[p]!, a, b)) { Drop(p); break; }
        }
    }

    /// <summary>Pairs still mapping one-to-one, with their number of distinct value pairs.</summary>
    public IEnumerable<(int A, int B, int Distinct)> Mappings()
    {
        for (int p = 0; p < _forward.Length; p++)
            if (_forward[p] is { } forward) yield return (p / _columns, p % _columns, forward.Count);
    }

    public void Write(BinaryWriter w)
    {
        w.Write(_forward.Length);
        foreach (var forward in _forward)
        {
            w.Write(forward?.Count ?? -1);
            if (forward is null) continue;
            foreach (var (a, b) in forward) { w.Write(a); w.Write(b); }
        }
    }

    public void Read(BinaryReader r)
    {
        if (r.ReadInt32() != _forward.Length) throw new InvalidDataException("mapping state does not match the schema");
        for (int p = 0; p < _forward.Length; p++)
        {
            // -1 marks a dropped mapping; any other count must fit the bytes left (16 per entry).
            int count = r.ReadInt32();
            if (count == -1) { Drop(p); continue; }
            if (count < 0 || (long)count * 16 > r.BaseStream.Length - r.BaseStream.Position)
                throw new InvalidDataException($"mapping state count {count} does not fit the rest of the file");
            _forward[p] = new Dictionary<ulong, ulong>(count);
            _backward[p] = new Dictionary<ulong, ulong>(count);
            for (int i = 0; i < count; i++) { ulong a = r.ReadUInt64(), b = r.ReadUInt64(); _forward[p]![a] = b; _backward[p]![b] = a; }
        }
    }
}
