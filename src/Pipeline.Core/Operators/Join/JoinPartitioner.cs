using Apache.Arrow;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators.Rows;
using Pipeline.Core.Spill;

namespace Pipeline.Core.Operators.Join;

/// <summary>
/// Splits one side's rows into N spill partitions by key hash (the top bits of the level's hash, see
/// <see cref="JoinKeyEncoder.RoutingHash"/>), each an Arrow IPC spill file of that side's rows with dictionaries
/// decoded. Equal keys land in the same partition on both sides, so partition i of the build side joins
/// partition i of the probe side alone. Rows whose key cannot match (null) are not written: the caller is told
/// which they are. Row order within a partition is input order.
/// </summary>
internal sealed class JoinPartitioner : IDisposable
{
    /// <summary>Reserved per partition: the spill file's write buffer and the IPC writer's scratch.</summary>
    public const long BufferBytesPerPartition = 128 * 1024;

    /// <summary>
    /// Partition segments are small because partitions are read back unmapping each segment once passed, which
    /// keeps few mapped pages in the resident set whatever a partition's size.
    /// </summary>
    private const long SegmentBytes = 32L << 20;

    private readonly SpillManager _spill;
    private readonly string _name;
    private readonly Schema _schema;
    private readonly int _level;
    private readonly MemoryReservation _reservation;
    private readonly SpillWriter?[] _writers;
    private readonly long _reserved;
    private int[] _partitionOf = [];
    private bool _disposed;

    /// <summary>Creates the writer and reserves its buffers (the pool's error if even they do not fit).</summary>
    public JoinPartitioner(SpillManager spill, string name, Schema schema, int partitions, int level, MemoryReservation reservation)
    {
        _spill = spill;
        _name = name;
        _schema = schema;
        _level = level;
        _reservation = reservation;
        _writers = new SpillWriter?[partitions];
        _reserved = partitions * BufferBytesPerPartition;
        reservation.Grow(_reserved);
    }

    /// <summary>
    /// Writes each row of <paramref name="batch"/> (keys encoded in <paramref name="keys"/>; not taking ownership)
    /// to its partition. Returns how many rows had a key that cannot match; their indices go to
    /// <paramref name="unmatchable"/> when given.
    /// </summary>
    public int Write(RecordBatch batch, JoinKeyEncoder keys, List<int>? unmatchable)
    {
        int n = batch.Length;
        int partitions = _writers.Length;
        if (_partitionOf.Length < n) _partitionOf = new int[n];
        var counts = new int[partitions + 1];
        int invalid = 0;
        for (int r = 0; r < n; r++)
        {
            if (!keys.Valid[r])
            {
                _partitionOf[r] = -1;
                invalid++;
                unmatchable?.Add(r);
                continue;
            }
            int p = (int)(((keys.RoutingHash(r, _level) >> 32) * (ulong)partitions) >> 32);
            _partitionOf[r] = p;
            counts[p + 1]++;
        }
        // Counting sort of the row indices by partition, keeping input order within each.
        for (int p = 0; p < partitions; p++) counts[p + 1] += counts[p];
        var rows = new int[n - invalid];
        var cursor = counts.AsSpan(0, partitions).ToArray();
        for (int r = 0; r < n; r++)
        {
            int p = _partitionOf[r];
            if (p >= 0) rows[cursor[p]++] = r;
        }
        for (int p = 0; p < partitions; p++)
        {
            int start = counts[p], length = counts[p + 1] - start;
            if (length == 0) continue;
            var writer = _writers[p] ??= _spill.CreateWriter($"{_name}-L{_level}-P{p}", _schema, SegmentBytes);
            using var part = RowGather.Take(batch, rows.AsSpan(start, length));
            writer.Write(part);
        }
        return invalid;
    }

    /// <summary>Closes every partition: one spill file per partition, null for a partition that got no row.</summary>
    public SpillFile?[] Complete()
    {
        var files = new SpillFile?[_writers.Length];
        for (int p = 0; p < _writers.Length; p++)
        {
            files[p] = _writers[p]?.Complete();
            _writers[p] = null;
            WrittenBytes += files[p]?.Bytes ?? 0;
        }
        return files;
    }

    /// <summary>Bytes of the partition files completed.</summary>
    public long WrittenBytes { get; private set; }

    /// <summary>Deletes partitions not completed and gives the buffers' reservation back.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var writer in _writers) writer?.Dispose();
        _reservation.Shrink(_reserved);
    }
}
