namespace Pipeline.IO.Partitions;

/// <summary>One unit of work of a partitioned run (<c>pipeline plan</c>): a file and the range of it to read.</summary>
/// <param name="File">The input file.</param>
/// <param name="Format">Its format name (<c>parquet</c>, <c>csv</c>, <c>jsonl</c>, ...).</param>
/// <param name="Partition">The range, or null for the whole file (formats that cannot be split).</param>
/// <param name="EstimatedRows">Rows in the range: exact for Parquet (footer), estimated from the first MiB for text.</param>
/// <param name="EstimatedBytes">Bytes of the range: compressed column chunk bytes for Parquet, file bytes for text.</param>
public sealed record PartitionDescriptor(string File, string Format, InputPartition? Partition, long EstimatedRows, long EstimatedBytes)
{
    /// <summary>The command-line arguments that select this partition (empty for a whole file).</summary>
    public IReadOnlyList<string> Arguments => Partition is { } p ? [p.OptionName, p.RangeText] : [];
}
