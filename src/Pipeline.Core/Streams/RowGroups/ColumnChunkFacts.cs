namespace Pipeline.Core.Streams.RowGroups;

/// <summary>
/// What a row group's footer proves about one top-level column without decoding it: how many of its rows are null,
/// and the smallest and largest value as the raw integer the Arrow array will hold (for integer, timestamp and date
/// columns whose Arrow type stores exactly the Parquet value; null otherwise).
/// </summary>
/// <param name="NullCount">Null rows, when known: 0 for a required column (maximum definition level 0), else the
/// statistics' null count when the writer is one known to always write it (a missing count reads as 0, which would
/// be wrong); null when unknown.</param>
/// <param name="Min">The smallest non-null value, when the writer's statistics give it and they are trusted.</param>
/// <param name="Max">The largest non-null value, likewise.</param>
public readonly record struct ColumnChunkFacts(long? NullCount, long? Min, long? Max)
{
    /// <summary>Facts that prove nothing.</summary>
    public static ColumnChunkFacts None => new(null, null, null);

    /// <summary>Whether no row is null.</summary>
    public bool NeverNull => NullCount == 0;
}
