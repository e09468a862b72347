using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators;

namespace Pipeline.Engine.Validate.Evaluation;

/// <summary>The key-type-independent face of <see cref="DistinctKeyCounter{T}"/>.</summary>
internal interface IDistinctKeyCounter : IDisposable
{
    /// <summary>Keys added (non-null).</summary>
    long Added { get; }
    /// <summary>Whether the keys went to disk.</summary>
    bool Spilled { get; }
    /// <summary>The final distinct and duplicate counts (finishes the count on first call and frees its memory).</summary>
    (long Distinct, long Duplicates) Finish();
    /// <summary>The smallest duplicated keys seen in memory, as display text.</summary>
    IReadOnlyList<string> Examples { get; }
}

/// <summary>
/// Counts distinct keys exactly for the uniqueness rules (<c>unique</c>, <c>unique_together</c>, <c>primary_key</c>,
/// <c>distinct_count_between</c>, <c>unique_ratio_between</c>), shared by every worker of a run (adds take a lock).
/// Keys are 64-bit values (single number, date or boolean columns) or canonical text (<see cref="RuleKeys"/>). They live in an in-memory set whose size is reserved from the
/// run's memory pool; when the pool refuses, the set's keys and every later key go to the spilling
/// <see cref="ExactDistinctRows"/>, so the count stays exact within the memory budget. Duplicate examples (the
/// smallest duplicated keys) are exact while the set fits in memory; after a spill they are the ones found before it.
/// </summary>
internal sealed class DistinctKeyCounter<T> : IDistinctKeyCounter where T : notnull
{
    /// <summary>Rough bytes per kept key beyond its characters: set slot, string header, hash.</summary>
    private const int KeyOverhead = 64;
    private const long GrowStep = 1 << 20;
    private const int SpillChunk = 65_536;

    private readonly Lock _gate = new();
    private readonly PipelineContext? _context;
    private readonly string _name;
    private readonly MemoryReservation? _reservation;
    private readonly HashSet<T> _keys = [];
    private readonly SortedSet<T> _examples = new(typeof(T) == typeof(string) ? (IComparer<T>)(object)StringComparer.Ordinal : Comparer<T>.Default);
    private readonly Func<T, string> _display;
    private readonly Func<List<T>, IArrowArray> _toArrow;
    private readonly IArrowType _arrowType;
    private readonly int _keyBytes;
    private ExactDistinctRows? _spilled;
    private readonly List<T> _pending = [];
    private long _reservedUnused;
    private long _added;
    private long _duplicates;
    private (long Distinct, long Duplicates)? _final;

    /// <summary>Creates a counter; without a context it is unbounded (unit tests, the fluent API on small tables).</summary>
    public DistinctKeyCounter(PipelineContext? context, string name, Func<T, string> display, IArrowType arrowType, Func<List<T>, IArrowArray> toArrow)
    {
        _display = display;
        _arrowType = arrowType;
        _toArrow = toArrow;
        _keyBytes = typeof(T) == typeof(string) ? -1 : System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        _context = context;
        _name = name;
        _reservation = context?.MemoryPool.Register(new MemoryConsumer($"rule:{name}", CanSpill: true));
    }

    /// <summary>Whether the keys went to disk.</summary>
    public bool Spilled { get; private set; }

    /// <summary>Adds one batch's keys (null entries are skipped).</summary>
    public void Add(T[] keys, bool[]? skip, int count)
    {
        lock (_gate)
        {
            if (_final is not null) throw new InvalidOperationException("the counter is finished");
            for (int i = 0; i < count; i++)
            {
                if (skip is not null && skip[i]) continue;
                var key = keys[i];
                _added++;
                if (_spilled is not null) { Pend(key); continue; }
                if (!_keys.Add(key))
                {
                    _duplicates++;
                    _examples.Add(key);
                    if (_examples.Count > RuleTally.MaxExamples) _examples.Remove(_examples.Max!);
                    continue;
                }
                long need = KeyOverhead + (_keyBytes >= 0 ? _keyBytes : 2L * ((string)(object)key).Length);
                if (_reservation is null || (_reservedUnused -= need) >= 0) continue;
                if (_reservation.TryGrow(GrowStep - _reservedUnused)) { _reservedUnused = GrowStep; continue; }
                Spill();
            }
            if (_spilled is not null) FlushPending();
        }
    }

    /// <summary>Hands the in-memory keys to the spilling counter and frees their reservation.</summary>
    private void Spill()
    {
        Spilled = true;
        // Free the set's reservation before the spilling counter asks for its partition buffers; the keys move to a
        // plain array for the hand-over (half the set's footprint, released as soon as they are written).
        var keys = _keys.ToArray();
        _keys.Clear();
        _keys.TrimExcess();
        _reservation!.Resize(0);
        _reservedUnused = 0;
        _spilled = new ExactDistinctRows(_context!, $"rule-{_name}");
        foreach (var key in keys) Pend(key);
        FlushPending();
    }

    private void Pend(T key)
    {
        _pending.Add(key);
        if (_pending.Count >= SpillChunk) FlushPending();
    }

    private void FlushPending()
    {
        if (_pending.Count == 0) return;
        var schema = new Schema.Builder().Field(f => f.Name("key").DataType(_arrowType).Nullable(false)).Build();
        using var batch = new RecordBatch(schema, [_toArrow(_pending)], _pending.Count);
        _spilled!.Add(batch);
        _pending.Clear();
    }

    /// <summary>Keys added (non-null).</summary>
    public long Added { get { lock (_gate) return _added; } }

    /// <summary>The final distinct and duplicate counts (finishes the count on first call and frees its memory).</summary>
    public (long Distinct, long Duplicates) Finish()
    {
        lock (_gate)
        {
            if (_final is { } done) return done;
            if (_spilled is null) _final = (_keys.Count, _duplicates);
            else
            {
                FlushPending();
                var result = _spilled.Finish();
                _final = (result.DistinctRows, _added - result.DistinctRows);
            }
            Release();
            return _final.Value;
        }
    }

    /// <summary>The smallest duplicated keys seen in memory.</summary>
    public IReadOnlyList<string> Examples { get { lock (_gate) return _examples.Select(_display).ToList(); } }

    private void Release()
    {
        _keys.Clear();
        _keys.TrimExcess();
        _spilled?.Dispose();
        _spilled = null;
        _reservation?.Dispose();
    }

    /// <summary>Frees memory and spill files.</summary>
    public void Dispose()
    {
        lock (_gate) Release();
    }
}
