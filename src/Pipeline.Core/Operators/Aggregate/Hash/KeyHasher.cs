using Apache.Arrow;
using Pipeline.Kernels.Hashing;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// Encodes the group key columns of a whole batch (<see cref="RowKeyEncoder"/>: nulls equal nulls, every NaN one
/// NaN, dictionaries decoded) and hashes every row's key with the fixed-seed <see cref="KeyHash"/> seed of level 0,
/// which routes rows to spill partitions (in-memory groups are found by <see cref="GroupIndexer"/>, which needs no
/// encoding). No key columns: every row has the empty key, one group.
/// </summary>
internal sealed class KeyHasher
{
    private readonly Schema _keySchema;
    private readonly int[] _keyColumns;
    private readonly RowKeyEncoder _encoder;
    private ulong[] _hashes = [];

    public KeyHasher(Schema projected, int[] keyColumns)
    {
        _keyColumns = keyColumns;
        var builder = new Schema.Builder();
        foreach (int c in keyColumns) builder.Field(projected.FieldsList[c]);
        _keySchema = builder.Build();
        _encoder = new RowKeyEncoder(_keySchema);
    }

    /// <summary>The seed of the group hash (level 0 of <see cref="KeyHash.Seed"/>).</summary>
    public static ulong Seed { get; } = KeyHash.Seed(0);

    /// <summary>Schema of the key columns alone.</summary>
    public Schema KeySchema => _keySchema;

    public int Rows { get; private set; }

    /// <summary>The key columns of <paramref name="projected"/>, as a view (not to be disposed).</summary>
    public RecordBatch KeyView(RecordBatch projected)
        => new(_keySchema, _keyColumns.Select(projected.Column), projected.Length);

    /// <summary>Encodes and hashes every row of <paramref name="projected"/>.</summary>
    public void Hash(RecordBatch projected)
    {
        int n = projected.Length;
        Rows = n;
        _encoder.Encode(KeyView(projected));
        if (_hashes.Length < n) _hashes = new ulong[Math.Max(n, _hashes.Length * 2)];
        for (int r = 0; r < n; r++) _hashes[r] = XxHash64.Hash(_encoder.Key(r), Seed);
    }

    public ReadOnlySpan<byte> Key(int row) => _encoder.Key(row);

    public ulong HashOf(int row) => _hashes[row];
}
