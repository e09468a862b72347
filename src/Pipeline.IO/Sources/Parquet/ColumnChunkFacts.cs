namespace Pipeline.IO.Sources.Parquet;

/// <summary>
/// What a row group's footer proves about one top-level column without decoding it: whether it can hold nulls, and
/// the smallest and largest value as the raw integer the Arrow array will hold (for integer, timestamp and date
/// columns whose Arrow type stores exactly the Parquet value; null otherwise).
/// </summary>
/// <param name="NeverNull">The column is required (maximum definition level 0): no row of it is null.</param>
/// <param name="Min">The smallest non-null value, when the writer's statistics give it and they are trusted.</param>
/// <param name="Max">The largest non-null value, likewise.</param>
public readonly record struct ColumnChunkFacts(bool NeverNull, long? Min, long? Max)
{
    /// <summary>Facts that prove nothing.</summary>
    public static ColumnChunkFacts None => new(false, null, null);
}
