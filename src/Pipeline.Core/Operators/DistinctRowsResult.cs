namespace Pipeline.Core.Operators;

/// <summary>The answer of <see cref="ExactDistinctRows"/>.</summary>
/// <param name="Rows">Rows counted.</param>
/// <param name="DistinctRows">Rows that differ from every earlier row (nulls equal nulls, NaN equals NaN).</param>
/// <param name="Examples">Duplicated rows, one per duplicated key: the key's first row and its first repeat, the ones with the earliest repeats first.</param>
/// <param name="SpilledBytes">Bytes this count wrote to spill files (0 when it fit in memory).</param>
/// <param name="Passes">Partition passes: 0 in memory, 1 after one spill, more when a partition was re-partitioned.</param>
public sealed record DistinctRowsResult(long Rows, long DistinctRows, IReadOnlyList<DuplicateExample> Examples, long SpilledBytes, int Passes)
{
    /// <summary>Rows equal to an earlier row: <see cref="Rows"/> minus <see cref="DistinctRows"/>.</summary>
    public long DuplicateRows => Rows - DistinctRows;
}

/// <summary>A duplicated row: where its key first appeared and where it first appeared again (0-based row indices over the stream).</summary>
/// <param name="FirstRow">Row index of the first occurrence.</param>
/// <param name="DuplicateRow">Row index of the second occurrence.</param>
public readonly record struct DuplicateExample(long FirstRow, long DuplicateRow);
