using Apache.Arrow;

namespace Pipeline.Core.Operators.Aggregate.Hash;

/// <summary>
/// The running state of one measure over all groups of an aggregation pass: per-group arrays indexed by group id,
/// updated a batch at a time from the batch's group ids.
/// </summary>
internal abstract class MeasureState
{
    /// <summary>Makes room for groups 0 .. <paramref name="groups"/> - 1 (new groups start empty).</summary>
    public abstract void EnsureGroups(int groups);

    /// <summary>Folds a batch: row <c>r</c> belongs to group <c>groups[r]</c>; <paramref name="values"/> is null for count(*).</summary>
    public abstract void Update(ColumnValues? values, ReadOnlySpan<int> groups);

    /// <summary>Bytes held, for the memory reservation.</summary>
    public abstract long Bytes { get; }

    /// <summary>Called once after the last update, before <see cref="Build"/> (holistic measures compute their results here).</summary>
    public virtual void Finish(int groups) { }

    /// <summary>The output values of groups <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1.</summary>
    public abstract IArrowArray Build(int start, int count);

    /// <summary>Grows <paramref name="array"/> to at least <paramref name="length"/> elements (doubling), new elements default.</summary>
    protected static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length >= length) return;
        System.Array.Resize(ref array, Math.Max(length, Math.Max(16, array.Length * 2)));
    }
}
