using Apache.Arrow;

namespace Pipeline.Core.Streams;

/// <summary>
/// A mergeable analysis state. The runner gives each worker its own state from <see cref="CreateEmpty"/>, calls
/// <see cref="Update"/> with that worker's batches, then merges the worker states into the root in worker order.
/// <see cref="Merge"/> must be associative and commutative for the counts it keeps, so results do not depend on
/// parallelism or batch size. A state is used by one thread at a time.
/// </summary>
public interface IAnalyzer
{
    /// <summary>Name shown in metrics and used as the key of the result.</summary>
    string Name { get; }

    /// <summary>A fresh, empty state of the same analysis (same configuration).</summary>
    IAnalyzer CreateEmpty();

    /// <summary>Folds one batch into the state. Does not take ownership of the batch.</summary>
    void Update(RecordBatch batch);

    /// <summary>Folds another state of the same analysis into this one.</summary>
    void Merge(IAnalyzer other);
}
