using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Errors;
using Pipeline.Kernels.Hashing;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Encodes one side's join keys of a whole batch at once: per row whether it can match (no key is null), the key,
/// and its 64-bit hash. A single numeric key (integers, dates, timestamps, floats; see <see cref="KeyNumbers"/>) is
/// kept as one long per row (<see cref="NumberMode"/>), the fast path; every other key is encoded to bytes: a single
/// byte key as its bytes, several keys concatenated (numbers as 8 bytes, byte values with a 4-byte length, which
/// keeps the encoding prefix-free). Both sides of a join encode a key pair identically, so equal keys have equal
/// encodings and hashes. Buffers are reused: the encoding is valid until the next <see cref="Encode"/>.
/// </summary>
internal sealed class JoinKeyEncoder
{
    private readonly KeyColumn[] _keys;
    private long[][] _numbers = [];
    private readonly KeyBytes?[] _bytes;
    private byte[] _keyBytes = new byte[1 << 16];
    private int[] _offsets = [0];

    public JoinKeyEncoder(IReadOnlyList<KeyColumn> keys)
    {
        _keys = [.. keys];
        _bytes = new KeyBytes?[_keys.Length];
        NumberMode = _keys.Length == 1 && _keys[0].IsNumber;
    }

    /// <summary>Seed of the table's hash (level 0); deeper re-partitioning levels hash with other seeds.</summary>
    public static ulong Seed(int level) => KeyHash.Seed(level);

    /// <summary>True when the key is a single number: read it from <see cref="Numbers"/>.</summary>
    public bool NumberMode { get; }

    /// <summary>Rows of the last encoded batch.</summary>
    public int Rows { get; private set; }

    /// <summary>Per row: false when a key is null (or cannot equal any value of the other side): the row never matches.</summary>
    public bool[] Valid { get; private set; } = [];

    /// <summary>Per row, in <see cref="NumberMode"/>: the key.</summary>
    public long[] Numbers => _numbers.Length > 0 ? _numbers[0] : [];

    /// <summary>Per row: the key's level-0 hash (meaningless for invalid rows).</summary>
    public ulong[] Hashes { get; private set; } = [];

    /// <summary>The encoded key of row <paramref name="row"/> (not in <see cref="NumberMode"/>).</summary>
    public ReadOnlySpan<byte> Key(int row) => _keyBytes.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    /// <summary>The hash that routes row <paramref name="row"/> to a partition at re-partitioning level <paramref name="level"/>.</summary>
    public ulong RoutingHash(int row, int level)
        => level == 0 ? Hashes[row] : NumberMode ? XxHash64.Hash8((ulong)Numbers[row], Seed(level)) : XxHash64.Hash(Key(row), Seed(level));

    /// <summary>Hash of a number key (the table's bucket hash in <see cref="NumberMode"/>).</summary>
    public static ulong HashNumber(long value) => XxHash64.Hash8((ulong)value, Seed(0));

    /// <summary>Encodes the key columns of every row of <paramref name="batch"/>.</summary>
    public void Encode(RecordBatch batch)
    {
        int n = batch.Length;
        Rows = n;
        if (Valid.Length < n)
        {
            int capacity = Math.Max(n, Valid.Length * 2);
            Valid = new bool[capacity];
            Hashes = new ulong[capacity];
            _numbers = [.. _keys.Select(k => k.IsNumber ? new long[capacity] : [])];
        }
        Valid.AsSpan(0, n).Fill(true);
        for (int k = 0; k < _keys.Length; k++)
        {
            var array = batch.Column(_keys[k].Column);
            if (_keys[k].IsNumber) KeyNumbers.Read(array, _keys[k], _numbers[k].AsSpan(0, n), Valid.AsSpan(0, n));
            else
            {
                var bytes = KeyBytes.For(array);
                _bytes[k] = bytes;
                for (int r = 0; r < n; r++) if (bytes.IsNull(r)) Valid[r] = false;
            }
        }
        if (NumberMode)
        {
            var numbers = Numbers;
            var hashes = Hashes;
            for (int r = 0; r < n; r++) hashes[r] = HashNumber(numbers[r]);
            return;
        }
        if (_keys.Length != 1 || !CopyStrings(batch.Column(_keys[0].Column), n)) EncodeBytes(n);
        for (int r = 0; r < n; r++) Hashes[r] = Valid[r] ? XxHash64.Hash(Key(r), Seed(0)) : 0;
    }

    /// <summary>
    /// A single plain string or binary key is already laid out as the encoding wants it (values back to back, an
    /// offset per row): its bytes are taken in one copy and its offsets rebased, instead of row by row. The bytes of
    /// a null row (if a writer left any) are never read: the row is not valid. False for any other column.
    /// </summary>
    private bool CopyStrings(IArrowArray array, int n)
    {
        if (n == 0 || array is not BinaryArray binary || array.Data.DataType is not (StringType or BinaryType)) return false;
        var offsets = binary.ValueOffsets;
        int first = offsets[0], total = offsets[n] - first;
        if (_offsets.Length < n + 1) _offsets = new int[Math.Max(n + 1, _offsets.Length * 2)];
        if (_keyBytes.Length < total) _keyBytes = new byte[Math.Max(total, Math.Min(System.Array.MaxLength, _keyBytes.Length * 2L))];
        binary.ValueBuffer.Span.Slice(first, total).CopyTo(_keyBytes);
        for (int r = 0; r <= n; r++) _offsets[r] = offsets[r] - first;
        return true;
    }

    private void EncodeBytes(int n)
    {
        if (_offsets.Length < n + 1) _offsets = new int[Math.Max(n + 1, _offsets.Length * 2)];
        bool single = _keys.Length == 1;
        long total = 0;
        for (int r = 0; r < n; r++)
        {
            _offsets[r] = (int)total;
            if (!Valid[r]) continue;
            for (int k = 0; k < _keys.Length; k++)
                total += _keys[k].IsNumber ? 8 : _bytes[k]!.Get(r).Length + (single ? 0 : 4);
            if (total > System.Array.MaxLength)
                throw new PipelineException(PipelineErrorKind.ResourcesExhausted, $"a batch of {n} rows has more than {System.Array.MaxLength} bytes of join keys; use a smaller batch size");
        }
        _offsets[n] = (int)total;
        if (_keyBytes.Length < total) _keyBytes = new byte[Math.Max(total, Math.Min(System.Array.MaxLength, _keyBytes.Length * 2L))];
        var destination = _keyBytes.AsSpan();
        for (int r = 0; r < n; r++)
        {
            if (!Valid[r]) continue;
            int at = _offsets[r];
            for (int k = 0; k < _keys.Length; k++)
            {
                if (_keys[k].IsNumber)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(destination[at..], _numbers[k][r]);
                    at += 8;
                    continue;
                }
                var value = _bytes[k]!.Get(r);
                if (!single)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(destination[at..], value.Length);
                    at += 4;
                }
                value.CopyTo(destination[at..]);
                at += value.Length;
            }
        }
    }
}
