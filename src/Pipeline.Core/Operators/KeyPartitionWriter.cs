using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Memory;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Operators;

/// <summary>
/// Splits (key, hash, row) triples into N spill partitions by hash, buffering a little per partition and writing
/// each partition as IPC batches of three columns: the binary key, its uint64 hash (so the next pass need not
/// re-hash) and the int64 row where it was first seen (negated with <c>~</c> once a duplicate of it was reported).
/// Level 0 partitions by the top bits of the stored hash; deeper levels by a hash with another seed, so a partition
/// that was too big splits differently the second time.
/// </summary>
internal sealed class KeyPartitionWriter : IDisposable
{
    /// <summary>Schema of every partition batch.</summary>
    public static readonly Schema Schema = new Schema.Builder()
        .Field(f => f.Name("key").DataType(BinaryType.Default).Nullable(false))
        .Field(f => f.Name("hash").DataType(UInt64Type.Default).Nullable(false))
        .Field(f => f.Name("row").DataType(Int64Type.Default).Nullable(false))
        .Build();

    private const int FlushKeyBytes = 128 * 1024;
    private const int FlushRows = 4096;
    /// <summary>Reserved per partition: builders may hold twice what they flush at (capacity doubling).</summary>
    public const long BufferBytesPerPartition = 2L * (FlushKeyBytes + FlushRows * 20);

    /// <summary>
    /// Partition segments are small because the counting pass unmaps each segment once read: the resident set then
    /// holds at most one segment of mapped pages, whatever the partition's size.
    /// </summary>
    private const long SegmentBytes = 32L << 20;

    private readonly Partition[] _partitions;
    private readonly SpillManager _spill;
    private readonly string _name;
    private readonly int _level;
    private readonly MemoryReservation _reservation;
    private long _reserved;
    private readonly Apache.Arrow.Memory.MemoryAllocator _allocator;

    public KeyPartitionWriter(int partitions, int level, SpillManager spill, string name, MemoryReservation reservation, Apache.Arrow.Memory.MemoryAllocator allocator)
    {
        _partitions = new Partition[partitions];
        for (int i = 0; i < partitions; i++) _partitions[i] = new Partition();
        _level = level;
        _spill = spill;
        _name = name;
        _reservation = reservation;
        _allocator = allocator;
    }

    /// <summary>
    /// Reserves the partition buffers. Called once the set that was spilled into this writer has given its memory
    /// back (until then the buffers are a bounded, brief overshoot). The buffers are needed however little budget
    /// is left, so a refusal fails with the pool's error naming the consumer: the budget is below N buffers.
    /// </summary>
    public void ReserveBuffers()
    {
        if (_reserved > 0) return;
        long bytes = _partitions.Length * BufferBytesPerPartition;
        _reservation.Grow(bytes);
        _reserved = bytes;
    }

    /// <summary>Appends one key to its partition.</summary>
    public void Add(ReadOnlySpan<byte> key, ulong hash, long row, bool reported)
    {
        ulong routing = _level == 0 ? hash : KeyHash.Hash(key, KeyHash.Seed(_level));
        int index = (int)(((routing >> 32) * (ulong)_partitions.Length) >> 32);
        var partition = _partitions[index];
        partition.Keys.Append(key);
        partition.Hashes.Append(hash);
        partition.Rows.Append(reported ? ~row : row);
        partition.KeyBytes += key.Length;
        partition.Count++;
        if (partition.KeyBytes >= FlushKeyBytes || partition.Count >= FlushRows) Flush(partition, index);
    }

    /// <summary>Writes what is buffered and returns one spill file per non-empty partition.</summary>
    public IReadOnlyList<SpillFile> Complete()
    {
        var files = new List<SpillFile>();
        for (int i = 0; i < _partitions.Length; i++)
        {
            var partition = _partitions[i];
            if (partition.Count > 0) Flush(partition, i);
            if (partition.Writer is null) continue;
            files.Add(partition.Writer.Complete());
            partition.Writer = null;
        }
        return files;
    }

    private void Flush(Partition partition, int index)
    {
        partition.Writer ??= _spill.CreateWriter($"{_name}-L{_level}-P{index}", Schema, SegmentBytes);
        using (var batch = new RecordBatch(Schema,
                   [partition.Keys.Build(_allocator), partition.Hashes.Build(_allocator), partition.Rows.Build(_allocator)],
                   partition.Count))
        {
            partition.Writer.Write(batch);
        }
        partition.Keys.Clear();
        partition.Hashes.Clear();
        partition.Rows.Clear();
        partition.KeyBytes = 0;
        partition.Count = 0;
    }

    /// <summary>Deletes any partition not completed and gives the buffer reservation back.</summary>
    public void Dispose()
    {
        foreach (var partition in _partitions)
        {
            partition.Writer?.Dispose();
            partition.Writer = null;
        }
        _reservation.Shrink(_reserved);
        _reserved = 0;
    }

    private sealed class Partition
    {
        public readonly BinaryArray.Builder Keys = new();
        public readonly UInt64Array.Builder Hashes = new();
        public readonly Int64Array.Builder Rows = new();
        public long KeyBytes;
        public int Count;
        public SpillWriter? Writer;
    }
}
