using System.Numerics;
using Apache.Arrow;

namespace Pipeline.Engine.Analyze.Profile;

/// <summary>
/// How often columns are missing together: for every pair of columns, the rows where both are null. Nulls of each
/// column with any are packed into a 64-bit mask per batch, and pairs are counted with AND + popcount, so the cost
/// is a few instructions per 64 rows per pair and nothing for columns without nulls.
/// </summary>
internal sealed class NullCooccurrence(int columns)
{
    private readonly long[] _both = new long[columns * columns];

    public void Update(RecordBatch batch)
    {
        int n = batch.Length;
        int words = (n + 63) / 64;
        var masks = new ulong[columns][];
        for (int k = 0; k < columns; k++)
        {
            var column = batch.Column(k);
            if (column.NullCount == 0) continue;
            var mask = masks[k] = new ulong[words];
            for (int i = 0; i < n; i++) if (column.IsNull(i)) mask[i >> 6] |= 1UL << (i & 63);
        }
        for (int a = 0; a < columns; a++)
        {
            if (masks[a] is not { } ma) continue;
            for (int b = a + 1; b < columns; b++)
            {
                if (masks[b] is not { } mb) continue;
                long both = 0;
                for (int w = 0; w < words; w++) both += BitOperations.PopCount(ma[w] & mb[w]);
                _both[a * columns + b] += both;
            }
        }
    }

    public void Merge(NullCooccurrence other)
    {
        for (int i = 0; i < _both.Length; i++) _both[i] += other._both[i];
    }

    /// <summary>Rows where columns <paramref name="a"/> &lt; <paramref name="b"/> are both null.</summary>
    public long Both(int a, int b) => _both[a * columns + b];

    public void Write(BinaryWriter w)
    {
        w.Write(_both.Length);
        foreach (var v in _both) w.Write(v);
    }

    public void Read(BinaryReader r)
    {
        if (r.ReadInt32() != _both.Length) throw new InvalidDataException("null co-occurrence state does not match the schema");
        for (int i = 0; i < _both.Length; i++) _both[i] = r.ReadInt64();
    }
}
