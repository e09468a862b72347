namespace Pipeline.Engine.Validate.Evaluation.Keys;

/// <summary>
/// The in-memory distinct-key set behind a <see cref="DistinctKeyCounter{T}"/>: a plain hash set for text keys, a
/// flat open-addressing table for 64-bit keys. The store says how many bytes adding a batch may need at its peak, so
/// the counter can reserve them from the memory pool first and spill instead when the pool refuses.
/// </summary>
/// <typeparam name="T">The key type.</typeparam>
internal interface IKeyStore<T>
{
    /// <summary>Distinct keys held.</summary>
    int Count { get; }

    /// <summary>Bytes held now (an estimate for stores of managed objects).</summary>
    long Bytes { get; }

    /// <summary>Bytes alive at once while <paramref name="keys"/> are added (an upper bound).</summary>
    long PeakBytesToAdd(ReadOnlySpan<T> keys);

    /// <summary>Adds the keys not marked in <paramref name="skip"/> (empty: none skipped), marks the ones already
    /// present in <paramref name="duplicate"/> and returns how many were.</summary>
    int AddMany(ReadOnlySpan<T> keys, ReadOnlySpan<bool> skip, Span<bool> duplicate);

    /// <summary>Every key, in no particular order.</summary>
    T[] ToArray();

    /// <summary>Drops every key and frees the memory.</summary>
    void Clear();
}
