using Apache.Arrow;
using Pipeline.Core.Operators.Rows;
using Pipeline.Core.Spill;
using Pipeline.Kernels.Hashing;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Writes raw input rows (the projected columns, dictionaries decoded) to <see cref="Partitions"/> spill files by
/// the hash of their group key, so every group lies whole in one file and every measure stays exact when the file
/// is aggregated on its own. Level 0 routes by the top bits of the group hash; level L by a hash with seed L, so a
/// file that was still too big splits differently the next time. Rows keep their input order within a file.
/// </summary>
internal sealed class SpillPartitioner : IDisposable
{
    /// <summary>Files per split: enough that a budget-sized input splits into budget-sized pieces in one or two levels.</summary>
    public const int Partitions = 32;

    /// <summary>Small segments: the reader unmaps each segment once read, so few pages stay mapped.</summary>
    private const long SegmentBytes = 32L << 20;

    private readonly SpillWriter?[] _writers = new SpillWriter?[Partitions];
    private readonly List<int>[] _rows = [.. Enumerable.Range(0, Partitions).Select(_ => new List<int>())];
    private readonly SpillManager _spill;
    private readonly Schema _schema;
    private readonly string _name;
    private readonly int _level;

    public SpillPartitioner(SpillManager spill, Schema projected, string name, int level)
    {
        _spill = spill;
        _schema = RowGather.OutputSchema(projected);
        _name = name;
        _level = level;
    }

    /// <summary>Appends <paramref name="rows"/> (all rows when null) of <paramref name="projected"/>, whose keys <paramref name="keys"/> has just hashed.</summary>
    public void Write(RecordBatch projected, KeyHasher keys, IReadOnlyList<int>? rows = null)
    {
        foreach (var list in _rows) list.Clear();
        int count = rows?.Count ?? projected.Length;
        ulong seed = KeyHash.Seed(_level);
        for (int i = 0; i < count; i++)
        {
            int row = rows is null ? i : rows[i];
            ulong routing = _level == 0 ? keys.HashOf(row) : XxHash64.Hash(keys.Key(row), seed);
            _rows[(int)(((routing >> 32) * Partitions) >> 32)].Add(row);
        }
        for (int p = 0; p < Partitions; p++)
        {
            if (_rows[p].Count == 0) continue;
            using var part = RowGather.Take(projected, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows[p]));
            (_writers[p] ??= _spill.CreateWriter($"{_name}-L{_level}-P{p}", _schema, SegmentBytes)).Write(part);
        }
    }

    /// <summary>The non-empty partitions' files, in partition order; the caller owns them.</summary>
    public List<SpillFile> Complete()
    {
        var files = new List<SpillFile>();
        for (int p = 0; p < Partitions; p++)
        {
            if (_writers[p] is not { } writer) continue;
            files.Add(writer.Complete());
            _writers[p] = null;
        }
        return files;
    }

    /// <summary>Deletes whatever was written and not completed.</summary>
    public void Dispose()
    {
        for (int p = 0; p < Partitions; p++)
        {
            _writers[p]?.Dispose();
            _writers[p] = null;
        }
    }
}
