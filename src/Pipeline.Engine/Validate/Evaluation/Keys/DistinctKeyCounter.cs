using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Core.Execution;
using Pipeline.Core.Memory;
using Pipeline.Core.Operators;

namespace Pipeline.Engine.Validate.Evaluation.Keys;

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
    /// <summary>Every distinct key as a 64-bit value (the key itself for number keys, its XxHash64 for text keys),
    /// kept only when the run writes a mergeable state (<c>--state</c>); null otherwise.</summary>
    Kernels.Hashing.Int64HashSet? KeyValues { get; }
    /// <summary>True when <see cref="KeyValues"/> holds hashes of text keys (false: the number keys themselves).</summary>
    bool KeyValuesAreHashes { get; }
    /// <summary>The duplicated keys of <see cref="Examples"/> as their 64-bit values, for number keys kept in a
    /// mergeable state (empty otherwise).</summary>
    IReadOnlyList<long> ExampleKeyValues { get; }
}

/// <summary>
/// Counts distinct keys exactly for the uniqueness rules (<c>unique</c>, <c>unique_together</c>, <c>primary_key</c>,
/// <c>distinct_count_between</c>, <c>unique_ratio_between</c>), shared by every worker of a run (adds take a lock, one
/// per batch). Keys are 64-bit values (single number, date or boolean columns) or canonical text (<see cref="RuleKeys"/>),
/// kept in an in-memory <see cref="IKeyStore{T}"/> whose peak size is reserved from the run's memory pool before each
/// batch; when the pool refuses, the store's keys and every later key go to the spilling
/// <see cref="ExactDistinctRows"/>, so the count stays exact within the memory budget. Duplicate examples (the
/// smallest duplicated keys) are exact while the set fits in memory; after a spill they are the ones found before it.
/// </summary>
internal sealed class DistinctKeyCounter<T> : IDistinctKeyCounter where T : notnull
{
    /// <summary>Reservations grow by at least this much, so small batches do not each ask the pool.</summary>
    private const long GrowStep = 1 << 20;
    private const int SpillChunk = 65_536;

    private readonly Lock _gate = new();
    private readonly PipelineContext? _context;
    private readonly string _name;
    private readonly MemoryReservation? _reservation;
    private readonly IKeyStore<T> _store;
    private readonly SortedSet<T> _examples = new(typeof(T) == typeof(string) ? (IComparer<T>)(object)StringComparer.Ordinal : Comparer<T>.Default);
    private readonly Func<T, string> _display;
    private readonly Func<List<T>, IArrowArray> _toArrow;
    private readonly IArrowType _arrowType;
    private ExactDistinctRows? _spilled;
    private readonly List<T> _pending = [];
    private bool[] _duplicate = [];
    private long _reserved;
    private long _added;
    private long _duplicates;
    private (long Distinct, long Duplicates)? _final;
    private readonly Func<T, long>? _keyValue;

    /// <summary>Creates a counter; without a context it is unbounded (unit tests, the fluent API on small tables).
    /// <paramref name="keyValue"/>, when given, maps each key to the 64-bit value kept in <see cref="KeyValues"/>.</summary>
    public DistinctKeyCounter(PipelineContext? context, string name, IKeyStore<T> store, Func<T, string> display, IArrowType arrowType, Func<List<T>, IArrowArray> toArrow,
        Func<T, long>? keyValue = null, bool keyValuesAreHashes = false)
    {
        _keyValue = keyValue;
        KeyValues = keyValue is null ? null : new Kernels.Hashing.Int64HashSet();
        KeyValuesAreHashes = keyValuesAreHashes;
        _store = store;
        _display = display;
        _arrowType = arrowType;
        _toArrow = toArrow;
        _context = context;
        _name = name;
        _reservation = context?.MemoryPool.Register(new MemoryConsumer($"rule:{name}", CanSpill: true));
    }

    /// <summary>Whether the keys went to disk.</summary>
    public bool Spilled { get; private set; }

    /// <inheritdoc />
    public Kernels.Hashing.Int64HashSet? KeyValues { get; }

    /// <inheritdoc />
    public bool KeyValuesAreHashes { get; }

    /// <summary>Adds one batch's keys (entries marked in <paramref name="skip"/>, null keys, are not counted).</summary>
    public void Add(ReadOnlySpan<T> keys, ReadOnlySpan<bool> skip)
    {
        lock (_gate)
        {
            if (_final is not null) throw new InvalidOperationException("the counter is finished");
            int counted = keys.Length;
            if (!skip.IsEmpty) foreach (bool s in skip[..keys.Length]) if (s) counted--;
            _added += counted;
            if (KeyValues is { } values)
                for (int i = 0; i < keys.Length; i++) if (skip.IsEmpty || !skip[i]) values.Add(_keyValue!(keys[i]));
            if (_spilled is null && !Reserve(keys)) Spill();
            if (_spilled is not null)
            {
                for (int i = 0; i < keys.Length; i++) if (skip.IsEmpty || !skip[i]) Pend(keys[i]);
                FlushPending();
                return;
            }
            if (_duplicate.Length < keys.Length) _duplicate = new bool[keys.Length];
            int duplicates = _store.AddMany(keys, skip, _duplicate);
            _duplicates += duplicates;
            for (int i = 0; duplicates > 0 && i < keys.Length; i++)
            {
                if (!_duplicate[i]) continue;
                duplicates--;
                if (_examples.Count >= RuleTally.MaxExamples && Comparer.Compare(keys[i], _examples.Max!) >= 0) continue;
                _examples.Add(keys[i]);
                if (_examples.Count > RuleTally.MaxExamples) _examples.Remove(_examples.Max!);
            }
            // A grown table leaves the old one to the garbage collector: keep reserved what the store holds plus a step.
            long excess = _reserved - (_store.Bytes + GrowStep);
            if (_reservation is not null && excess > 0) { _reservation.Shrink(excess); _reserved -= excess; }
        }
    }

    private IComparer<T> Comparer => _examples.Comparer;

    /// <summary>Reserves what adding <paramref name="keys"/> may need at its peak; false when the pool refuses.</summary>
    private bool Reserve(ReadOnlySpan<T> keys)
    {
        if (_reservation is null) return true;
        long need = _store.PeakBytesToAdd(keys);
        if (need <= _reserved) return true;
        long grow = need - _reserved + GrowStep;
        if (!_reservation.TryGrow(grow)) return false;
        _reserved += grow;
        return true;
    }

    /// <summary>Hands the in-memory keys to the spilling counter and frees their reservation.</summary>
    private void Spill()
    {
        Spilled = true;
        // Free the store's reservation before the spilling counter asks for its partition buffers; the keys move to a
        // plain array for the hand-over (released as soon as they are written).
        var keys = _store.ToArray();
        _store.Clear();
        _reservation!.Resize(0);
        _reserved = 0;
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
            if (_spilled is null) _final = (_store.Count, _duplicates);
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

    /// <inheritdoc />
    public IReadOnlyList<long> ExampleKeyValues
    {
        get { lock (_gate) return _keyValue is null || KeyValuesAreHashes ? [] : _examples.Select(_keyValue).ToList(); }
    }

    private void Release()
    {
        _store.Clear();
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
