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
    /// <summary>A worker's own key store feeding this counter (one per worker: adds to it take no lock).</summary>
    IDistinctKeyLocal CreateLocal();
    /// <summary>The final distinct and duplicate counts (finishes the count on first call and frees its memory).</summary>
    (long Distinct, long Duplicates) Finish();
    /// <summary>The smallest duplicated keys seen in memory, as display text.</summary>
    IReadOnlyList<string> Examples { get; }
}

/// <summary>A worker's side of a <see cref="IDistinctKeyCounter"/> (see <see cref="DistinctKeyCounter{T}.Local"/>).</summary>
internal interface IDistinctKeyLocal;

/// <summary>
/// Counts distinct keys exactly for the uniqueness rules (<c>unique</c>, <c>unique_together</c>, <c>primary_key</c>,
/// <c>distinct_count_between</c>, <c>unique_ratio_between</c>). Keys are 64-bit values (single number, date or boolean
/// columns) or canonical text (<see cref="RuleKeys"/>).
/// <para>
/// Each worker adds to its own in-memory <see cref="IKeyStore{T}"/> (a <see cref="Local"/>) without a lock, so the
/// workers insert in parallel; at the end the stores are merged (a key in two stores is a duplicate found then).
/// Every store reserves its peak size from the run's memory pool before each batch. When the pool refuses, that
/// worker's keys and every later key of every worker go to the spilling <see cref="ExactDistinctRows"/> (under a
/// lock), and the other workers' in-memory keys follow at the end, so the count stays exact within the budget.
/// Duplicate examples (the smallest duplicated keys) are exact while everything fits in memory; after a spill they
/// are the ones found in memory.
/// </para>
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
    private readonly Func<IKeyStore<T>> _newStore;
    private readonly List<Local> _locals = [];
    private readonly SortedSet<T> _examples = new(typeof(T) == typeof(string) ? (IComparer<T>)(object)StringComparer.Ordinal : Comparer<T>.Default);
    private readonly Func<T, string> _display;
    private readonly Func<List<T>, IArrowArray> _toArrow;
    private readonly IArrowType _arrowType;
    private ExactDistinctRows? _spilled;
    private volatile bool _spilling;
    private readonly List<T> _pending = [];
    private long _added;
    private (long Distinct, long Duplicates)? _final;

    /// <summary>Creates a counter; without a context it is unbounded (unit tests, the fluent API on small tables).</summary>
    public DistinctKeyCounter(PipelineContext? context, string name, Func<IKeyStore<T>> newStore, Func<T, string> display, IArrowType arrowType, Func<List<T>, IArrowArray> toArrow)
    {
        _newStore = newStore;
        _display = display;
        _arrowType = arrowType;
        _toArrow = toArrow;
        _context = context;
        _name = name;
        _reservation = context?.MemoryPool.Register(new MemoryConsumer($"rule:{name}", CanSpill: true));
    }

    /// <summary>Whether the keys went to disk.</summary>
    public bool Spilled => _spilling;

    /// <summary>Keys added (non-null).</summary>
    public long Added => Interlocked.Read(ref _added);

    /// <inheritdoc cref="IDistinctKeyCounter.CreateLocal"/>
    public IDistinctKeyLocal CreateLocal()
    {
        lock (_gate)
        {
            if (_final is not null) throw new InvalidOperationException("the counter is finished");
            var local = new Local(this);
            _locals.Add(local);
            return local;
        }
    }

    /// <summary>One worker's keys: added without a lock while they fit the memory budget.</summary>
    public sealed class Local : IDistinctKeyLocal
    {
        private readonly DistinctKeyCounter<T> _owner;
        private bool[] _duplicate = [];

        internal Local(DistinctKeyCounter<T> owner)
        {
            _owner = owner;
            Store = owner._newStore();
        }

        internal IKeyStore<T> Store { get; }

        /// <summary>Bytes of the pool reserved for <see cref="Store"/>.</summary>
        internal long Reserved { get; set; }

        /// <summary>Adds one batch's keys (entries marked in <paramref name="skip"/>, null keys, are not counted).</summary>
        public void Add(ReadOnlySpan<T> keys, ReadOnlySpan<bool> skip)
        {
            int counted = keys.Length;
            if (!skip.IsEmpty) foreach (bool s in skip[..keys.Length]) if (s) counted--;
            Interlocked.Add(ref _owner._added, counted);
            if (!_owner._spilling && !Reserve(keys)) _owner.Spill(this);
            if (_owner._spilling)
            {
                _owner.AddSpilled(keys, skip);
                return;
            }
            if (_duplicate.Length < keys.Length) _duplicate = new bool[keys.Length];
            int duplicates = Store.AddMany(keys, skip, _duplicate);
            if (duplicates > 0) _owner.OfferExamples(keys, _duplicate, duplicates);
            // A grown table leaves the old one to the garbage collector: keep reserved what the store holds plus a step.
            long excess = Reserved - (Store.Bytes + GrowStep);
            if (_owner._reservation is { } reservation && excess > 0) { reservation.Shrink(excess); Reserved -= excess; }
        }

        /// <summary>Reserves what adding <paramref name="keys"/> may need at its peak; false when the pool refuses.</summary>
        private bool Reserve(ReadOnlySpan<T> keys)
        {
            if (_owner._reservation is not { } reservation) return true;
            long need = Store.PeakBytesToAdd(keys);
            if (need <= Reserved) return true;
            long grow = need - Reserved + GrowStep;
            if (!reservation.TryGrow(grow)) return false;
            Reserved += grow;
            return true;
        }
    }

    private void OfferExamples(ReadOnlySpan<T> keys, ReadOnlySpan<bool> duplicate, int count)
    {
        lock (_gate)
        {
            for (int i = 0; count > 0 && i < keys.Length; i++)
            {
                if (!duplicate[i]) continue;
                count--;
                Offer(keys[i]);
            }
        }
    }

    private void Offer(T key)
    {
        if (_examples.Count >= RuleTally.MaxExamples && _examples.Comparer.Compare(key, _examples.Max!) >= 0) return;
        _examples.Add(key);
        if (_examples.Count > RuleTally.MaxExamples) _examples.Remove(_examples.Max!);
    }

    /// <summary>Starts spilling (once) and hands <paramref name="local"/>'s keys to the spilling counter, freeing their
    /// reservation; the other workers' stores keep their keys until <see cref="Finish"/>.</summary>
    private void Spill(Local local)
    {
        lock (_gate)
        {
            if (_final is not null) throw new InvalidOperationException("the counter is finished");
            if (_spilled is null)
            {
                // Free this store's reservation before the spilling counter asks for its partition buffers.
                var keys = MoveOut(local);
                _spilled = new ExactDistinctRows(_context!, $"rule-{_name}");
                _spilling = true;
                foreach (var key in keys) Pend(key);
            }
            else
            {
                foreach (var key in MoveOut(local)) Pend(key);
            }
            FlushPending();
        }
    }

    /// <summary>Empties a store into a plain array (released as soon as its keys are written) and frees its reservation.</summary>
    private T[] MoveOut(Local local)
    {
        var keys = local.Store.ToArray();
        local.Store.Clear();
        _reservation?.Shrink(local.Reserved);
        local.Reserved = 0;
        return keys;
    }

    private void AddSpilled(ReadOnlySpan<T> keys, ReadOnlySpan<bool> skip)
    {
        lock (_gate)
        {
            if (_final is not null) throw new InvalidOperationException("the counter is finished");
            for (int i = 0; i < keys.Length; i++) if (skip.IsEmpty || !skip[i]) Pend(keys[i]);
            FlushPending();
        }
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

    /// <summary>The final distinct and duplicate counts (finishes the count on first call and frees its memory).
    /// Call once every worker is done adding.</summary>
    public (long Distinct, long Duplicates) Finish()
    {
        lock (_gate)
        {
            if (_final is { } done) return done;
            long added = Interlocked.Read(ref _added);
            if (!_spilling && MergeLocals() is { } distinct) _final = (distinct, added - distinct);
            else
            {
                if (_spilled is null)
                {
                    _spilled = new ExactDistinctRows(_context!, $"rule-{_name}");
                    _spilling = true;
                }
                foreach (var local in _locals)
                    foreach (var key in MoveOut(local)) Pend(key);
                FlushPending();
                var result = _spilled.Finish();
                _final = (result.DistinctRows, added - result.DistinctRows);
            }
            Release();
            return _final.Value;
        }
    }

    /// <summary>Merges every worker's store into the largest one (keys found in two stores are duplicates, offered
    /// as examples); null when the pool refuses the room, and the caller spills instead.</summary>
    private long? MergeLocals()
    {
        if (_locals.Count == 0) return 0;
        var target = _locals.MaxBy(l => l.Store.Count)!;
        foreach (var local in _locals)
        {
            if (ReferenceEquals(local, target) || local.Store.Count == 0) continue;
            var keys = local.Store.ToArray();
            long need = target.Store.PeakBytesToAdd(keys);
            if (_reservation is not null && need > target.Reserved)
            {
                if (!_reservation.TryGrow(need - target.Reserved)) return null;
                target.Reserved = need;
            }
            var duplicate = new bool[keys.Length];
            int duplicates = target.Store.AddMany(keys, default, duplicate);
            for (int i = 0; duplicates > 0 && i < keys.Length; i++) if (duplicate[i]) Offer(keys[i]);
            local.Store.Clear();
            _reservation?.Shrink(local.Reserved);
            local.Reserved = 0;
        }
        return target.Store.Count;
    }

    /// <summary>The smallest duplicated keys seen in memory.</summary>
    public IReadOnlyList<string> Examples { get { lock (_gate) return _examples.Select(_display).ToList(); } }

    private void Release()
    {
        foreach (var local in _locals) local.Store.Clear();
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
